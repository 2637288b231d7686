"""Builders for hackathon tests: a hackathon in any state, registered people, teams."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope

from hackathons.models import (
    Challenge,
    Criterion,
    ExpertProfile,
    Hackathon,
    HackathonStatus,
    PanelJudge,
    Registration,
    Submission,
    SubmissionStatus,
    Team,
    TeamMembership,
    TeamStatus,
)
from tests.factories import UserFactory

COUNTRIES = ["FR", "IT", "ES", "RS", "BE", "DE"]
DISCIPLINES = ["design", "digital", "social", "business", "heritage", "environment"]


def make_hackathon(hub, *, status=HackathonStatus.REGISTRATION, slug=None, **kw):
    now = timezone.now()
    values = {
        "title": "Circular Futures", "theme": "Climate and circular design",
        "summary": "Design out waste.", "description": "A weekend on circular design.",
        "place": "Marseille", "starts_at": now + timedelta(days=1),
        "ends_at": now + timedelta(days=3),
        "registration_opens": now - timedelta(days=10),
        "registration_closes": now + timedelta(days=1),
        "submission_deadline": now + timedelta(days=3),
        "judging_opens": now + timedelta(days=3), "judging_closes": now + timedelta(days=10),
        "capacity": 50, "team_min": 2, "team_max": 4, "judges_per_submission": 3,
    }
    values.update(kw)
    with scope(hub=hub):
        h = Hackathon.objects.create(hub=hub, slug=slug or f"hack-{Hackathon.objects.count()}-"
                                     f"{hub.slug}", status=status, **values)
        Challenge.objects.create(hackathon=h, title="Zero-waste festival")
        Criterion.objects.create(hackathon=h, name="Innovation", weight=Decimal("2"), order=1)
        Criterion.objects.create(hackathon=h, name="Impact", weight=Decimal("1"), order=2)
    return h


def registered(hackathon, user=None, *, i=0, **kw):
    user = user or UserFactory()
    values = {"country": COUNTRIES[i % len(COUNTRIES)],
              "disciplines": [DISCIPLINES[i % len(DISCIPLINES)]],
              "skills": ["prototyping"] if i % 2 else ["video"], "languages": ["en"],
              "motivation": "I care."}
    values.update(kw)
    with scope(hub=hackathon.hub):
        Registration.objects.create(hackathon=hackathon, user=user, **values)
    return user


def make_team(hackathon, *, size=2, name=None, status=TeamStatus.FORMING, offset=0,
              wanted_skills=None):
    """A team of ``size`` registered people from different countries and disciplines."""
    users = [registered(hackathon, i=offset + k) for k in range(size)]
    with scope(hub=hackathon.hub):
        team = Team.objects.create(hackathon=hackathon, name=name or f"Team {Team.objects.count()}"
                                   f"-{offset}", pitch="We fix it.", captain=users[0],
                                   status=status, wanted_skills=wanted_skills or [])
        for u in users:
            TeamMembership.objects.create(team=team, hackathon=hackathon, user=u)
    return team


def make_submission(team, *, submitted=True, title=None):
    with scope(hub=team.hackathon.hub):
        return Submission.objects.create(
            team=team, hackathon=team.hackathon, title=title or f"Project of {team.name}",
            summary="s", description="d", version=1,
            status=SubmissionStatus.SUBMITTED if submitted else SubmissionStatus.DRAFT,
            submitted_at=timezone.now() if submitted else None)


def make_judge(hackathon=None, *, hub=None, organisation="", country="NL"):
    user = UserFactory()
    ExpertProfile.objects.create(user=user, country=country, hub=hub, organisation=organisation,
                                 expertise=["design"])
    if hackathon is not None:
        with scope(hub=hackathon.hub):
            PanelJudge.objects.create(hackathon=hackathon, judge=user)
    return user


@pytest.fixture
def hackathon(hub_a):
    return make_hackathon(hub_a, slug="circular")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """These tests create many people; a slow password hash is not what they test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
