"""Hub roles as predicates. Roles come from relations: HubMembership, the admin flag."""

import rules
from django_scopes import scopes_disabled

from creaconnect.core.predicates import is_programme_admin

from .models import HubRole


def hub_roles(user) -> dict[int, str]:
    """``{hub_id: role}`` of ``user``, loaded once per user object (that is, per request)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_cc_hub_roles", None)
    if cached is None:
        from .models import HubMembership

        # A person's own memberships span hubs by nature: read them outside any hub scope.
        with scopes_disabled():
            cached = dict(HubMembership.objects.filter(user=user).values_list("hub_id", "role"))
        user._cc_hub_roles = cached
    return cached


@rules.predicate
def is_hub_staff(user, hub):
    return hub is not None and user.is_active and hub.pk in hub_roles(user)


@rules.predicate
def is_hub_manager(user, hub):
    return hub is not None and user.is_active and hub_roles(user).get(hub.pk) == HubRole.MANAGER


can_view_console = is_hub_staff | is_programme_admin
can_manage_staff = is_hub_manager | is_programme_admin

rules.add_perm("hubs.view_console", can_view_console)
rules.add_perm("hubs.manage_staff", can_manage_staff)
rules.add_perm("hubs.view_audit_log", can_view_console)
