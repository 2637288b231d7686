"""The hub console's surveys: permissions and tenancy, preparing with the hub's own
questions, results from five responses, and a list that costs the same whatever its length."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from surveys.models import Question, QuestionKind, Survey, SurveyState
from tests.factories import UserFactory

from .conftest import answer_all, ended_session, sent_survey


def _list(hub):
    return reverse("surveys_console:list", kwargs={"hub_slug": hub.slug})


def _detail(survey):
    return reverse("surveys_console:detail", kwargs={"hub_slug": survey.hub.slug,
                                                     "pk": survey.pk})


def test_staff_of_the_hub_only(client, hub_a, hub_b, staff_a, staff_b, admin_user):
    survey, _invitations = sent_survey(hub_a, present=1)
    client.force_login(staff_a)
    assert client.get(_list(hub_a)).status_code == 200
    assert client.get(_detail(survey)).status_code == 200
    client.force_login(admin_user)
    assert client.get(_detail(survey)).status_code == 200
    client.force_login(staff_b)  # another hub's staff: not even in their own console
    assert client.get(_detail(survey)).status_code == 404
    other = reverse("surveys_console:detail", kwargs={"hub_slug": hub_b.slug, "pk": survey.pk})
    assert client.get(other).status_code == 404
    client.force_login(UserFactory())
    assert client.get(_list(hub_a)).status_code == 404


def test_staff_prepare_a_survey_and_add_their_question(client, hub_a, staff_a):
    session, _users = ended_session(hub_a, ended_ago=timedelta(hours=-5), title="Budgeting")
    client.force_login(staff_a)
    page = client.get(_list(hub_a)).content.decode()
    assert f'value="session:{session.pk}"' in page
    with scopes_disabled():
        assert not Survey.objects.exists()  # GET prepares nothing

    response = client.post(reverse("surveys_console:prepare", kwargs={"hub_slug": hub_a.slug}),
                           {"activity": f"session:{session.pk}"})
    with scopes_disabled():
        survey = Survey.objects.get(session=session)
    assert response.status_code == 302
    assert response["Location"] == _detail(survey)
    assert survey.state == SurveyState.DRAFT

    add = reverse("surveys_console:question_add", kwargs={"hub_slug": hub_a.slug,
                                                          "pk": survey.pk})
    client.post(add, {"text": "Would you come to the next one?", "kind": QuestionKind.LIKERT})
    detail = client.get(_detail(survey)).content.decode()
    assert "Would you come to the next one?" in detail
    assert "The question was added." in detail

    with scopes_disabled():
        own = Question.objects.get(survey=survey, key="")
        default = Question.objects.filter(survey=survey).exclude(key="").first()
    remove = reverse("surveys_console:question_remove",
                     kwargs={"hub_slug": hub_a.slug, "pk": survey.pk, "question_pk": own.pk})
    confirm = client.post(remove)
    assert confirm.status_code == 200
    assert "Remove this question?" in confirm.content.decode()
    with scopes_disabled():
        assert Question.objects.filter(pk=own.pk).exists()
    client.post(remove, {"confirmed": "1"})
    keep = reverse("surveys_console:question_remove",
                   kwargs={"hub_slug": hub_a.slug, "pk": survey.pk, "question_pk": default.pk})
    refused = client.post(keep, {"confirmed": "1"}, follow=True)
    assert "The programme&#x27;s own questions stay in every survey." in \
        refused.content.decode()
    with scopes_disabled():
        assert not Question.objects.filter(pk=own.pk).exists()
        assert Question.objects.filter(pk=default.pk).exists()


def test_an_ended_or_other_hubs_activity_cannot_be_prepared(client, hub_a, hub_b, staff_a):
    ended, _users = ended_session(hub_a)
    elsewhere, _users = ended_session(hub_b, ended_ago=timedelta(hours=-5))
    client.force_login(staff_a)
    url = reverse("surveys_console:prepare", kwargs={"hub_slug": hub_a.slug})
    for value in (f"session:{ended.pk}", f"session:{elsewhere.pk}", "session:x", "nonsense"):
        response = client.post(url, {"activity": value}, follow=True)
        assert response.status_code == 200
        assert "Choose an activity of your hub that has not ended." in response.content.decode()
    with scopes_disabled():
        assert not Survey.objects.exists()


def test_a_sent_survey_takes_no_new_question(client, hub_a, staff_a):
    survey, _invitations = sent_survey(hub_a, present=1)
    client.force_login(staff_a)
    add = reverse("surveys_console:question_add", kwargs={"hub_slug": hub_a.slug,
                                                          "pk": survey.pk})
    response = client.post(add, {"text": "Too late?", "kind": QuestionKind.TEXT}, follow=True)
    assert response.status_code == 200
    assert "its questions can no longer change" in response.content.decode()
    with scopes_disabled():
        assert not Question.objects.filter(text="Too late?").exists()


def test_results_appear_from_five_responses(client, hub_a, staff_a):
    survey, invitations = sent_survey(hub_a, present=6)
    answer_all(invitations[:4], score=4, text="Loved the exercises")
    client.force_login(staff_a)
    page = client.get(_detail(survey)).content.decode()
    assert "4 of 6 people answered (67 %)." in page
    assert "The answers appear from 5 responses on" in page
    assert "Loved the exercises" not in page
    assert "Mean 4" not in page

    answer_all(invitations[4:5], score=2, text="Too long")
    page = client.get(_detail(survey)).content.decode()
    assert "5 of 6 people answered (83 %)." in page
    assert "Mean 3.6 out of 5, from 5 ratings." in page
    assert "Loved the exercises" in page
    assert "Too long" in page
    for invitation in invitations:  # never who answered what
        assert invitation.user.display_name not in page
    listing = client.get(_list(hub_a)).content.decode()
    assert "5 of 6" in listing
    assert "3.6 / 5" in listing


def test_the_list_costs_the_same_for_two_or_six_surveys(client, hub_a, staff_a):
    client.force_login(staff_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_list(hub_a)).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        _survey, invitations = sent_survey(hub_a, present=2)
        answer_all(invitations[:1])
    small = count()
    for _ in range(4):
        _survey, invitations = sent_survey(hub_a, present=3)
        answer_all(invitations[:2])
    assert count() == small
