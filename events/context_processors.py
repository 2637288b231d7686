"""The events' state enums for templates (compare with a member, never a string literal).
Prefixed, because the hackathons' ``RegistrationStatus`` already has the plain name."""

from events.models import EventState, RegistrationStatus


def states(request):
    return {"EventState": EventState, "EventRegistrationStatus": RegistrationStatus}
