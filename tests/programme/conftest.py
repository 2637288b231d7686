"""Fixtures of the programme tests: a cohort per hub with members and a mentor (the builders
are in ``tests.factories``)."""

import pytest
from django_scopes import scope

from tests.factories import (
    CohortFactory,
    CohortMemberFactory,
    MentorAssignmentFactory,
    UserFactory,
)


@pytest.fixture
def cohort_a(hub_a):
    return CohortFactory(hub=hub_a, name="Alpha 2026", slug="alpha-2026")


@pytest.fixture
def cohort_b(hub_b):
    return CohortFactory(hub=hub_b, name="Beta 2026", slug="beta-2026")


@pytest.fixture
def member_a(cohort_a, participant):
    return CohortMemberFactory(cohort=cohort_a, user=participant)


@pytest.fixture
def member_b(cohort_b):
    return CohortMemberFactory(cohort=cohort_b)


@pytest.fixture
def mentor(db):
    return UserFactory(display_name="Mona Mentor")


@pytest.fixture
def assignment_a(member_a, mentor):
    return MentorAssignmentFactory(member=member_a, mentor=mentor)


@pytest.fixture
def in_hub_a(hub_a):
    with scope(hub=hub_a):
        yield hub_a
