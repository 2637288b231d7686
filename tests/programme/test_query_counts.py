"""The public calls list and the participant's dashboard: flat query counts at two sizes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from programme.models import ApplicationState
from tests.factories import ApplicationFactory, CallFactory, HubFactory


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_call_list_query_count_does_not_grow(client, hub_a):
    CallFactory(hub=hub_a)
    small = count(client, reverse("programme:calls"))
    for i in range(3):
        hub = HubFactory(slug=f"more-{i}", name=f"More {i}")
        for _ in range(4):
            CallFactory(hub=hub)
    large = count(client, reverse("programme:calls"))
    assert small == large, (small, large)


def test_dashboard_query_count_does_not_grow_with_applications(client, hub_a, participant):
    client.force_login(participant)
    with scopes_disabled():
        ApplicationFactory(call=CallFactory(hub=hub_a), applicant=participant,
                           state=ApplicationState.SUBMITTED)
    client.get(reverse("accounts:dashboard"))  # first request after login writes the session
    small = count(client, reverse("accounts:dashboard"))
    with scopes_disabled():
        for i in range(6):
            hub = HubFactory(slug=f"dash-{i}", name=f"Dash {i}")
            ApplicationFactory(call=CallFactory(hub=hub), applicant=participant,
                               state=ApplicationState.SUBMITTED)
            ApplicationFactory(call=CallFactory(hub=hub_a))  # somebody else's
    large = count(client, reverse("accounts:dashboard"))
    assert small == large, (small, large)


def test_console_table_plain_count_matches_the_table(hub_a):
    from programme.calls.services import reviews

    with scopes_disabled():
        call = CallFactory(hub=hub_a)
        S = ApplicationState
        for state in [S.SUBMITTED, S.SUBMITTED, S.REJECTED, S.DRAFT, S.ACCEPTED]:
            ApplicationFactory(call=call, state=state)
        ApplicationFactory(call=call, state=S.SUBMITTED, project_title="Solar looms")
        ApplicationFactory(call=CallFactory(hub=hub_a), state=S.SUBMITTED)  # another call
        for filters in ({}, {"state": "submitted"}, {"q": "looms"}, {"state": "rejected"}):
            assert reviews.applications_table_count(call=call, **filters) == \
                reviews.applications_table(call=call, **filters).count(), filters
        assert reviews.applications_table_count(call=call, min_score="3") is None
