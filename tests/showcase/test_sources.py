"""Creating a showcase project from a programme project carries its fields over."""

import pytest
from django.urls import reverse
from django_scopes import scope

from programme.models import Answer, ApplicationState, QuestionKind
from tests.factories import ApplicationFactory, CallFactory, QuestionFactory


@pytest.mark.django_db
def test_new_project_is_prefilled_from_a_confirmed_application(client, hub_a, hub_b,
                                                               staff_a, staff_b):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a)
        q = QuestionFactory(call=call, kind=QuestionKind.LONG_TEXT, label="Story")
        application = ApplicationFactory(call=call, state=ApplicationState.CONFIRMED,
                                         project_title="Clay Commons")
        Answer.objects.create(application=application, question=q,
                              value="A shared kiln for young ceramists.")
    query = {"source_kind": "programme_project", "source_id": application.pk}
    client.force_login(staff_a)
    html = client.get(reverse("showcase_console:create", kwargs={"hub_slug": hub_a.slug}),
                      query).content.decode()
    assert 'value="Clay Commons"' in html
    assert "A shared kiln for young ceramists." in html
    # Another hub cannot pull this hub's project into its showcase.
    client.force_login(staff_b)
    html = client.get(reverse("showcase_console:create", kwargs={"hub_slug": hub_b.slug}),
                      query).content.decode()
    assert "Clay Commons" not in html


@pytest.mark.django_db
def test_api_lists_only_hackathons_with_published_results(client, hub_a):
    from hackathons.models import HackathonStatus
    from tests.factories import make_hackathon, make_submission, make_team

    with scope(hub=hub_a):
        done = make_hackathon(hub_a, status=HackathonStatus.RESULTS_PUBLISHED, slug="done")
        make_hackathon(hub_a, status=HackathonStatus.JUDGING, slug="still-judging")
        submission = make_submission(make_team(done, name="Glaze"), title="Glaze kiln")
        submission.rank, submission.raw_score = 1, 80.0
        submission.save()
    data = client.get("/api/v1/hackathons").json()
    assert [h["slug"] for h in data] == ["done"]
    assert data[0]["ranking"][0] == {"rank": 1, "team": "Glaze", "project": "Glaze kiln",
                                     "challenge": None, "normalised_score": None,
                                     "raw_score": 80.0}
    assert "email" not in str(data)
