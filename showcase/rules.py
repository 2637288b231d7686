"""Showcase permissions. Hub staff and programme admins run their hub's showcase projects;
a credited member answers their own consent request."""

import rules

from creaconnect.core.predicates import is_programme_admin
from hubs.rules import is_hub_staff


@rules.predicate
def is_credited_member(user, member):
    return (member is not None and user.is_authenticated and user.is_active
            and member.user_id == user.pk)


can_manage_projects = is_hub_staff | is_programme_admin

rules.add_perm("showcase.manage_projects", can_manage_projects)
rules.add_perm("showcase.answer_consent", is_credited_member)
# The final event is programme-wide: only the consortium sets its programme.
rules.add_perm("showcase.manage_event", is_programme_admin)
