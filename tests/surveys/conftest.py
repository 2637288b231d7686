"""Builders for the survey tests: activities that just ended, with their people."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from hackathons.models import HackathonStatus
from programme.models import SessionSignup, TrainingSession
from surveys import services
from surveys.models import Invitation, Survey
from tests.factories import CohortFactory, CohortMemberFactory, make_hackathon, make_team


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Many factory users: a fast hasher keeps the suite quick (not a security test)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def ended_session(hub, *, present=5, absent=0, ended_ago=timedelta(hours=1), title="Pitching"):
    """A 90-minute session of a new cohort of ``hub`` that ended ``ended_ago``, with
    ``present`` members present and ``absent`` marked absent. Returns (session, present
    users)."""
    with scopes_disabled():
        cohort = CohortFactory(hub=hub)
        session = TrainingSession.objects.create(
            cohort=cohort, title=title, duration_minutes=90,
            starts_at=timezone.now() - ended_ago - timedelta(minutes=90))
        users = []
        for k in range(present + absent):
            member = CohortMemberFactory(cohort=cohort)
            SessionSignup.objects.create(session=session, member=member,
                                         attended=k < present)
            if k < present:
                users.append(member.user)
    return session, users


def ended_cohort(hub, *, members=5):
    with scopes_disabled():
        today = timezone.localdate()
        cohort = CohortFactory(hub=hub, starts_on=today - timedelta(days=90),
                               ends_on=today - timedelta(days=1))
        users = [CohortMemberFactory(cohort=cohort).user for _ in range(members)]
    return cohort, users


def hackathon_with_results(hub, *, teams=2, size=3):
    with scopes_disabled():
        hackathon = make_hackathon(hub, status=HackathonStatus.RESULTS_PUBLISHED,
                                   results_published_at=timezone.now() - timedelta(hours=2))
        users = []
        for k in range(teams):
            team = make_team(hackathon, size=size, offset=10 * k)
            users += [m.user for m in team.memberships.all()]
    return hackathon, users


def sent_survey(hub, *, present=5, **kwargs):
    """A session survey sent now to ``present`` people. Returns (survey, invitations)."""
    session, _users = ended_session(hub, present=present, **kwargs)
    services.run_surveys()
    with scopes_disabled():
        survey = Survey.objects.get(session=session)
        return survey, list(Invitation.objects.filter(survey=survey).select_related("user")
                            .order_by("pk"))


def answer_all(invitations, score=4, text="Useful"):
    with scopes_disabled():
        for invitation in invitations:
            values = {f"q{q.pk}": str(score) if q.is_likert else text
                      for q in invitation.survey.questions.all()}
            services.submit_response(invitation=invitation, values=values)
