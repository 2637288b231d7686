"""What the programme contributes to the infrastructure and the shared pages. Imported from
``ProgrammeConfig.ready``; the cohorts half registers its own in ``providers_cohorts``."""

from . import providers_cohorts  # noqa: F401
