"""The state enums for templates: compare with a member (``x.state == ApplicationState.DRAFT``),
never a string literal. Django does not call Choices enums in templates, so they pass as is."""

from creaconnect.accounts.models import ExportState


def states(request):
    return {
        "ExportState": ExportState,
    }
