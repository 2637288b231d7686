"""Builders for the programme console tests: a hub with every kind of activity."""

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from hackathons.models import MentorAssignment as TeamMentorAssignment
from hackathons.models import MentoringLog
from programme.models import (
    ApplicationState,
    CohortMember,
    MentorAssignment,
    MentoringSession,
    Milestone,
    MilestoneState,
    MilestoneSubmission,
    SessionSignup,
    TrainingSession,
)
from showcase.models import InterestMessage, ProjectState, ShowcaseProject
from tests.factories import UserFactory, make_hackathon, make_submission, make_team
from tests.programme.factories import ApplicationFactory, CallFactory, CohortMemberFactory


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
            session = TrainingSession.objects.create(cohort=cohort, title="Pitching",
                                                     starts_at=now, duration_minutes=90)
            SessionSignup.objects.create(session=session, member=member, attended=True)
            SessionSignup.objects.create(session=session, member=other, attended=False)
            assignment = MentorAssignment.objects.create(member=member, mentor=UserFactory())
            MentoringSession.objects.create(assignment=assignment, date=now.date(),
                                            duration_minutes=60, topics="Budget")
            milestone = Milestone.objects.create(cohort=cohort, title="Prototype",
                                                 due_on=now.date())
            MilestoneSubmission.objects.create(milestone=milestone, member=member,
                                               state=MilestoneState.APPROVED, reviewed_at=now)
            hackathon = make_hackathon(hub, slug=f"hack-{hub.slug}-{i}")
            team = make_team(hackathon, size=2, offset=i)
            make_submission(team)
            log_assignment = TeamMentorAssignment.objects.create(
                hackathon=hackathon, team=team, mentor=UserFactory())
            MentoringLog.objects.create(assignment=log_assignment, minutes=30)
            project = ShowcaseProject.objects.create(
                hub=hub, title=f"Project {hub.slug} {i}", slug=f"p-{hub.slug}-{i}",
                tagline="t", theme="climate", stage="idea", state=ProjectState.PUBLISHED,
                published_at=now)
            ShowcaseProject.objects.create(
                hub=hub, title=f"Draft {hub.slug} {i}", slug=f"d-{hub.slug}-{i}",
                tagline="t", theme="climate", stage="idea", state=ProjectState.DRAFT)
            InterestMessage.objects.create(project=project, name="Ana", email="ana@example.org",
                                           kind="partnership", message="Hello")
