"""Event roles as predicates. The host hub's staff run an event; programme admins run every
event (and alone mark one as the programme's own)."""

import rules

from creaconnect.core.predicates import is_programme_admin
from hubs.rules import is_hub_staff


@rules.predicate
def is_host_staff(user, obj):
    """Staff of the hub hosting ``obj`` (an event, or a registration's event)."""
    event = getattr(obj, "event", obj)
    hub = getattr(event, "hub", None)
    return hub is not None and is_hub_staff(user, hub)


@rules.predicate
def is_own_registration(user, registration):
    return (registration is not None and user.is_authenticated
            and registration.user_id == user.pk)


can_manage_event = is_host_staff | is_programme_admin

rules.add_perm("events.manage_event", can_manage_event)
rules.add_perm("events.cancel_registration", is_own_registration | can_manage_event)
rules.add_perm("events.view_ticket", is_own_registration)
