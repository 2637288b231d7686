"""The participant's answer page: the invited person only, one response, clear messages."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from surveys import services
from surveys.models import Answer, Response, Survey, SurveyState
from tests.factories import UserFactory

from .conftest import sent_survey


def _values(survey, score="4", text="More exercises, please"):
    with scopes_disabled():
        return {f"q{q.pk}": score if q.is_likert else text for q in survey.questions.all()}


def _responses(survey):
    with scopes_disabled():
        return Response.objects.filter(survey=survey).count()


def test_the_link_needs_the_invited_person_signed_in(client, hub_a):
    survey, invitations = sent_survey(hub_a, present=2)
    url = invitations[0].get_absolute_url()
    assert url.startswith("/surveys/")
    assert invitations[0].token in url

    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]

    client.force_login(invitations[1].user)  # invited too, but this is not their link
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(url, _values(survey)).status_code == 404
    assert client.get(reverse("surveys:answer", kwargs={"token": "x" * 43})).status_code == 404
    assert _responses(survey) == 0


def test_answering_records_one_response_and_thanks(client, hub_a):
    survey, invitations = sent_survey(hub_a, present=2)
    invitation = invitations[0]
    client.force_login(invitation.user)
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your overall rating of this activity" in html
    assert 'type="radio"' in html
    assert _responses(survey) == 0  # GET changes nothing

    response = client.post(invitation.get_absolute_url(), _values(survey), follow=True)
    assert response.status_code == 200
    assert "Thank you! Your answers were recorded." in response.content.decode()
    assert 'type="radio"' not in response.content.decode()
    with scopes_disabled():
        invitation.refresh_from_db()
        assert invitation.answered_at is not None
        assert sorted(Answer.objects.filter(response__survey=survey)
                      .values_list("score", flat=True), key=str) == [4, 4, 4, 4, None]

    again = client.post(invitation.get_absolute_url(), _values(survey, score="1"))
    assert again.status_code == 422
    assert "You have already answered this survey" in again.content.decode()
    assert _responses(survey) == 1


def test_a_missing_rating_is_a_message_and_keeps_what_was_typed(client, hub_a):
    survey, invitations = sent_survey(hub_a, present=1)
    client.force_login(invitations[0].user)
    values = _values(survey, text="Great trainers")
    values.pop(next(k for k, v in values.items() if v == "4"))
    response = client.post(invitations[0].get_absolute_url(), values)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please give a rating for every question" in html
    assert "Great trainers" in html
    bad = client.post(invitations[0].get_absolute_url(), _values(survey, score="9"))
    assert bad.status_code == 422
    assert "Choose a rating from 1 to 5." in bad.content.decode()
    assert _responses(survey) == 0


def test_a_closed_survey_says_so_and_takes_no_answer(client, hub_a):
    survey, invitations = sent_survey(hub_a, present=1)
    services.run_surveys(now=timezone.now() + services.OPEN_FOR + timedelta(hours=1))
    with scopes_disabled():
        assert Survey.objects.get(pk=survey.pk).state == SurveyState.CLOSED
    client.force_login(invitations[0].user)
    page = client.get(invitations[0].get_absolute_url())
    assert page.status_code == 200
    assert "This survey is closed" in page.content.decode()
    response = client.post(invitations[0].get_absolute_url(), _values(survey))
    assert response.status_code == 422
    assert "This survey is closed." in response.content.decode()
    assert _responses(survey) == 0


def test_open_surveys_are_on_the_dashboard_until_answered(client, hub_a):
    survey, invitations = sent_survey(hub_a, present=1, title="Storytelling for funders")
    client.force_login(invitations[0].user)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Storytelling for funders" in dashboard
    assert invitations[0].get_absolute_url() in dashboard
    with scopes_disabled():
        services.submit_response(invitation=invitations[0], values=_values(survey))
    assert "Storytelling for funders" not in client.get(
        reverse("accounts:dashboard")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_make_one_response(hub_a):
    survey, invitations = sent_survey(hub_a, present=1)
    values = _values(survey)
    barrier = threading.Barrier(4)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.submit_response(invitation=invitations[0], values=values)
            outcomes.append("recorded")
        except services.SurveyError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["recorded", "refused", "refused", "refused"]
    assert _responses(survey) == 1
