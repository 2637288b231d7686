import rules

from creaconnect.core.predicates import is_programme_admin

rules.add_perm("reports.view_programme_reports", is_programme_admin)
