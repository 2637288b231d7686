"""Survey permissions: a hub's staff (and programme admins) prepare its surveys and read
their results; the answer page checks the invitation's person itself (services)."""

import rules

from creaconnect.core.predicates import is_programme_admin
from hubs.rules import is_hub_staff

rules.add_perm("surveys.manage_surveys", is_hub_staff | is_programme_admin)
