"""The state enums for templates: compare with a member (``x.state == ApplicationState.DRAFT``),
never a string literal. Django does not call Choices enums in templates, so they pass as is."""

from hackathons.models import HackathonStatus, RegistrationStatus, SubmissionStatus, TeamStatus


def states(request):
    return {
        "HackathonStatus": HackathonStatus,
        "RegistrationStatus": RegistrationStatus,
        "SubmissionStatus": SubmissionStatus,
        "TeamStatus": TeamStatus,
    }
