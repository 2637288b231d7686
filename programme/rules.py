"""Programme permissions, found here by ``rules``' autodiscovery: each sub-package writes its
own, this module registers both."""

from .calls import rules as calls_rules  # noqa: F401  registers the call permissions
from .cohorts import rules as cohorts_rules  # noqa: F401  registers the cohort permissions
