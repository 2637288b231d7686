"""The survey job: who is asked, when, once; the one reminder; closing."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from creaconnect.notifications.models import Notification
from surveys import services
from surveys.models import Invitation, QuestionKind, Survey, SurveyState
from tests.factories import UserFactory

from .conftest import ended_cohort, ended_session, hackathon_with_results


def _notes(kind):
    return list(Notification.objects.filter(kind=kind).order_by("pk"))


def test_a_session_survey_goes_to_the_people_present_once(hub_a):
    session, present = ended_session(hub_a, present=3, absent=2)

    assert services.run_surveys()["sent"] == 1
    with scopes_disabled():
        survey = Survey.objects.get(session=session)
        invited = set(Invitation.objects.filter(survey=survey).values_list("user_id", flat=True))
    assert survey.state == SurveyState.OPEN
    assert survey.hub == hub_a
    assert invited == {u.pk for u in present}
    notes = _notes("surveys.invitation")
    assert {n.recipient_id for n in notes} == invited
    with scopes_disabled():
        tokens = set(Invitation.objects.values_list("token", flat=True))
    assert all(n.url.rstrip("/").rsplit("/", 1)[-1] in tokens for n in notes)
    assert all(len(token) >= 40 for token in tokens)  # unguessable

    assert services.run_surveys() == {"sent": 0, "reminded": 0, "closed": 0}
    assert len(_notes("surveys.invitation")) == 3


def test_cohorts_and_hackathons_are_surveyed_at_their_end(hub_a, hub_b):
    cohort, members = ended_cohort(hub_a, members=4)
    hackathon, hackers = hackathon_with_results(hub_b, teams=2, size=2)
    assert services.run_surveys()["sent"] == 2
    with scopes_disabled():
        by_kind = {s.kind: s for s in Survey.objects.all()}
        assert by_kind["cohort"].cohort == cohort
        assert by_kind["cohort"].hub == hub_a
        assert by_kind["hackathon"].hackathon == hackathon
        assert by_kind["hackathon"].hub == hub_b
        assert by_kind["hackathon"].invitations.count() == len(hackers) == 4
        assert by_kind["cohort"].invitations.count() == len(members)


def test_old_and_future_activities_are_not_surveyed(hub_a):
    ended_session(hub_a, ended_ago=timedelta(days=8))  # before the feature's window
    ended_session(hub_a, ended_ago=timedelta(minutes=-30))  # still running
    assert services.run_surveys()["sent"] == 0


def test_the_default_questions_then_the_hubs_own(hub_a, staff_a):
    session, _present = ended_session(hub_a, ended_ago=timedelta(minutes=-200))
    activity = services.sources.Activity("session", session, hub_a, session.title, None)
    with scopes_disabled():
        survey = services.prepare_survey(activity=activity, actor=staff_a)
        services.add_question(survey=survey, text="Was the venue easy to reach?",
                              kind=QuestionKind.LIKERT, actor=staff_a)
    later = timezone.now() + timedelta(hours=4)
    assert services.run_surveys(now=later)["sent"] == 1
    with scopes_disabled():
        survey.refresh_from_db()
        labels = [str(q.label) for q in survey.questions.all()]
    assert survey.state == SurveyState.OPEN
    assert labels[0] == "Your overall rating of this activity"
    assert labels[-1] == "Was the venue easy to reach?"
    assert len(labels) == 6


def test_one_reminder_after_some_days_to_those_who_did_not_answer(hub_a):
    _session, present = ended_session(hub_a, present=3)
    services.run_surveys()
    with scopes_disabled():
        first = Invitation.objects.get(user=present[0])
        values = {f"q{q.pk}": "5" for q in first.survey.questions.filter(
            kind=QuestionKind.LIKERT)}
        services.submit_response(invitation=first, values=values)

    assert services.run_surveys(now=timezone.now() + timedelta(days=1))["reminded"] == 0
    later = timezone.now() + services.REMIND_AFTER + timedelta(hours=1)
    assert services.run_surveys(now=later)["reminded"] == 2
    assert services.run_surveys(now=later + timedelta(days=1))["reminded"] == 0
    reminded = {n.recipient_id for n in _notes("surveys.reminder")}
    assert reminded == {present[1].pk, present[2].pk}


def test_the_survey_closes_after_its_period(hub_a):
    session, _present = ended_session(hub_a)
    services.run_surveys()
    after = timezone.now() + services.OPEN_FOR + timedelta(minutes=1)
    assert services.run_surveys(now=after)["closed"] == 1
    with scopes_disabled():
        assert Survey.objects.get(session=session).state == SurveyState.CLOSED
    # No reminder for a closed survey.
    assert services.run_surveys(now=after + timedelta(days=1))["reminded"] == 0


def test_nobody_to_ask_sends_nothing_yet(hub_a):
    ended_session(hub_a, present=0, absent=2)
    assert services.run_surveys()["sent"] == 0
    assert not _notes("surveys.invitation")
    UserFactory()  # the job does not invent people
    assert services.run_surveys()["sent"] == 0
