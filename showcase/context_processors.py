"""The state enums for templates: compare with a member (``x.state == ApplicationState.DRAFT``),
never a string literal. Django does not call Choices enums in templates, so they pass as is."""

from showcase.models import ConsentState, ProjectState


def states(request):
    return {
        "ConsentState": ConsentState,
        "ProjectState": ProjectState,
    }
