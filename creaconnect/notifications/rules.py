import rules

from creaconnect.core.predicates import is_programme_admin

rules.add_perm("notifications.view_all_outbox", is_programme_admin)
rules.add_perm("notifications.send_announcement", is_programme_admin)
