"""Who may open the programme console: programme admins only."""

import rules

from creaconnect.core.predicates import is_programme_admin

rules.add_perm("consortium.view_console", is_programme_admin)
