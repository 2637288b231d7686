from django_scopes import scope

from programme.calls.providers import call_figures
from programme.models import ApplicationState
from tests.factories import ApplicationFactory, CallFactory


def test_submitted_figure_counts_only_applications_in_play(hub_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a)
        for state in (ApplicationState.DRAFT, ApplicationState.WITHDRAWN,
                      ApplicationState.SUBMITTED, ApplicationState.ACCEPTED,
                      ApplicationState.REJECTED):
            ApplicationFactory(call=call, state=state)
        figures = dict(call_figures(hub_a))
    assert figures["Applications submitted"] == 3
