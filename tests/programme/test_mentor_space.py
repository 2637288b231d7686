"""The mentor space lists each participant once and each session once, whatever the number
of sessions and evidence rows joined in, with a query count that does not grow."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from programme.models import (
    MentorAssignment,
    MentoringSession,
    MilestoneState,
    MilestoneSubmission,
)
from tests.factories import CohortMemberFactory, make_milestone

pytestmark = pytest.mark.django_db

URL = reverse("programme:mentor")


def add_mentees(cohort, mentor, n, *, start=0):
    milestones = [make_milestone(cohort, title=f"M{k}", order=k) for k in range(2)] \
        if start == 0 else None
    out = []
    with scopes_disabled():
        milestones = milestones or list(cohort.milestones.all())
        for i in range(start, start + n):
            member = CohortMemberFactory(cohort=cohort)
            a = MentorAssignment.objects.create(member=member, mentor=mentor)
            for k in range(3):
                MentoringSession.objects.create(
                    assignment=a, date=timezone.localdate() - timedelta(days=k + i),
                    duration_minutes=30, topics=f"Topic {i}.{k}")
            for m in milestones:
                MilestoneSubmission.objects.create(milestone=m, member=member, text="t",
                                                   state=MilestoneState.SUBMITTED,
                                                   submitted_at=timezone.now())
            out.append(member)
    return out


def test_each_participant_and_session_appears_once(client, cohort_a, mentor):
    members = add_mentees(cohort_a, mentor, 3)
    client.force_login(mentor)
    body = client.get(URL).content.decode()
    for member in members:
        link = reverse("programme:mentee", kwargs={"pk": member.pk})
        # One card per participant: its title link and its "Open" button.
        assert len(re.findall(f'href="{link}"', body)) == 2, member
        assert "3 sessions" in body
    for i in range(3):
        for k in range(3):
            assert body.count(f"Topic {i}.{k}") == 1


def test_query_count_does_not_grow_with_mentees(client, cohort_a, mentor):
    add_mentees(cohort_a, mentor, 2)
    client.force_login(mentor)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    add_mentees(cohort_a, mentor, 8, start=2)
    assert count() == small
