"""The certificate e-mail says what the certificate says: participation to date while the
cohort runs, never "You completed the cohort" before its end."""

import pytest
from django_scopes import scopes_disabled

from creaconnect.notifications.models import Notification
from creaconnect.notifications.services import render
from programme.cohorts.services.certificates import issue_certificate
from programme.models import MilestoneState, MilestoneSubmission
from tests.factories import attend, make_milestone, make_session


@pytest.fixture
def eligible(member_a, cohort_a):
    sessions = [make_session(cohort_a, days=-d) for d in (1, 2, 3, 4)]
    for s in sessions[:3]:
        attend(s, member_a)
    milestone = make_milestone(cohort_a)
    with scopes_disabled():
        MilestoneSubmission.objects.create(milestone=milestone, member=member_a, text="ok",
                                           state=MilestoneState.APPROVED)
    return member_a


def test_mid_cohort_certificate_mail_speaks_of_participation(in_hub_a, eligible, staff_a,
                                                            cohort_a):
    issue_certificate(member=eligible, actor=staff_a)  # the cohort ends in the future
    with scopes_disabled():
        n = Notification.objects.get(kind="programme.certificate.issued")
    _subject, text, html = render(n)
    assert "You completed the cohort" not in text
    assert "participation to date" in text
    assert "still running" in html


def test_certificate_mail_after_the_end_says_completed(in_hub_a, eligible, staff_a, cohort_a):
    issue_certificate(member=eligible, actor=staff_a)
    with scopes_disabled():
        n = Notification.objects.get(kind="programme.certificate.issued")
    n.context = {**n.context, "completed": True}
    _subject, text, _html = render(n)
    assert "You completed the cohort" in text
