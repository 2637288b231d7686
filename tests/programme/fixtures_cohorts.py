"""Fixtures of the cohorts half: a cohort per hub with members, sessions and milestones."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from programme.models import MentorAssignment, Milestone, SessionSignup, TrainingSession
from tests.factories import UserFactory
from tests.programme.factories import CohortFactory, CohortMemberFactory


def make_session(cohort, *, days=7, capacity=20, **extra):
    with scopes_disabled():
        return TrainingSession.objects.create(
            cohort=cohort, title=extra.pop("title", f"Session in {days} days"),
            starts_at=timezone.now() + timedelta(days=days), capacity=capacity, **extra)


def make_milestone(cohort, *, due_in=10, title="Business model", order=0):
    with scopes_disabled():
        return Milestone.objects.create(cohort=cohort, title=title, order=order,
                                        due_on=date.today() + timedelta(days=due_in))


def attend(session, member, attended=True):
    with scopes_disabled():
        return SessionSignup.objects.create(session=session, member=member, attended=attended)


@pytest.fixture
def cohort_a(hub_a):
    with scopes_disabled():
        return CohortFactory(hub=hub_a, name="Alpha 2026", slug="alpha-2026")


@pytest.fixture
def cohort_b(hub_b):
    with scopes_disabled():
        return CohortFactory(hub=hub_b, name="Beta 2026", slug="beta-2026")


@pytest.fixture
def member_a(cohort_a, participant):
    with scopes_disabled():
        return CohortMemberFactory(cohort=cohort_a, user=participant)


@pytest.fixture
def member_b(cohort_b):
    with scopes_disabled():
        return CohortMemberFactory(cohort=cohort_b)


@pytest.fixture
def mentor(db):
    return UserFactory(display_name="Mona Mentor")


@pytest.fixture
def assignment_a(member_a, mentor):
    with scopes_disabled():
        return MentorAssignment.objects.create(member=member_a, mentor=mentor)


@pytest.fixture
def in_hub_a(hub_a):
    with scope(hub=hub_a):
        yield hub_a
