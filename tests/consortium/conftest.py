"""Builders for the programme console tests: a hub with every kind of activity."""

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from programme.models import ApplicationState, CohortMember, MilestoneState
from showcase.models import ProjectState
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CohortMemberFactory,
    InterestMessageFactory,
    MentorAssignmentFactory,
    MentoringLogFactory,
    MentoringSessionFactory,
    MilestoneFactory,
    MilestoneSubmissionFactory,
    SessionSignupFactory,
    ShowcaseProjectFactory,
    TeamMentorAssignmentFactory,
    TrainingSessionFactory,
    make_hackathon,
    make_submission,
    make_team,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Many factory users: a fast hasher keeps the suite quick (not a security test)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


_UNIT = count()


def populate(hub, n=1):
    """``n`` of everything in ``hub``. Per unit: one call with two submitted applications
    (one accepted, one rejected) and one draft; two cohort members (one joined 400 days
    ago); one 90-minute session with two sign-ups (one present, one absent); 60 minutes of
    mentoring; one approved milestone; a hackathon team of two with a submission and 30
    minutes of team mentoring; one published and one draft showcase project with one
    interest message."""
    now = timezone.now()
    with scopes_disabled():
        for _ in range(n):
            i = next(_UNIT)
            call = CallFactory(hub=hub, slug=f"call-{hub.slug}-{i}")
            cohort = call.cohort
            ApplicationFactory(call=call, state=ApplicationState.ACCEPTED, submitted_at=now)
            ApplicationFactory(call=call, state=ApplicationState.REJECTED, submitted_at=now)
            ApplicationFactory(call=call, state=ApplicationState.DRAFT)
            member = CohortMemberFactory(cohort=cohort)
            other = CohortMemberFactory(cohort=cohort)
            # Joined long ago: outside a recent period, inside "every date".
            CohortMember.objects.filter(pk=other.pk).update(joined_at=now - timedelta(days=400))
            session = TrainingSessionFactory(cohort=cohort, title="Pitching", starts_at=now,
                                             duration_minutes=90)
            SessionSignupFactory(session=session, member=member, attended=True)
            SessionSignupFactory(session=session, member=other, attended=False)
            assignment = MentorAssignmentFactory(member=member)
            MentoringSessionFactory(assignment=assignment, date=now.date(), duration_minutes=60,
                                    topics="Budget")
            milestone = MilestoneFactory(cohort=cohort, title="Prototype", due_on=now.date())
            MilestoneSubmissionFactory(milestone=milestone, member=member,
                                       state=MilestoneState.APPROVED, reviewed_at=now)
            hackathon = make_hackathon(hub, slug=f"hack-{hub.slug}-{i}")
            team = make_team(hackathon, size=2, offset=i)
            make_submission(team)
            MentoringLogFactory(assignment=TeamMentorAssignmentFactory(team=team), minutes=30)
            project = ShowcaseProjectFactory(
                hub=hub, title=f"Project {hub.slug} {i}", slug=f"p-{hub.slug}-{i}",
                tagline="t", published_at=now)
            ShowcaseProjectFactory(
                hub=hub, title=f"Draft {hub.slug} {i}", slug=f"d-{hub.slug}-{i}",
                tagline="t", state=ProjectState.DRAFT)
            InterestMessageFactory(project=project)
