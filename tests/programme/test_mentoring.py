"""Mentoring and milestone evidence: pairings, session log, private notes, the state machine,
and the mentor space showing only the mentor's own participants."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from creaconnect.notifications.models import Notification
from programme.cohorts.services import mentoring, milestones
from programme.cohorts.services.cohorts import progress_for_member
from programme.cohorts.services.mentoring import MentoringError
from programme.cohorts.services.milestones import MilestoneError
from programme.models import MentoringSession, MilestoneState, MilestoneSubmission
from tests.factories import CohortMemberFactory, UserFactory, make_milestone

S = MilestoneState

# Shared fixtures of the cohorts half, made visible to pytest in this module.


def log(assignment, mentor, **extra):
    values = {"date": timezone.localdate(), "duration_minutes": 90, "topics": "Pricing",
              "private_notes": "Seems tired; check workload.", "shared_notes": "Try tiers."}
    values.update(extra)
    return mentoring.log_session(assignment=assignment, actor=mentor, **values)


def test_assign_mentor_notifies_both(in_hub_a, member_a, mentor, staff_a):
    mentoring.assign_mentor(member=member_a, mentor=mentor, actor=staff_a)
    kinds = set(Notification.objects.values_list("recipient_id", "kind"))
    assert (mentor.pk, "programme.mentor.assigned") in kinds
    assert (member_a.user_id, "programme.mentor.introduced") in kinds
    with pytest.raises(MentoringError):
        mentoring.assign_mentor(member=member_a, mentor=mentor, actor=staff_a)
    with pytest.raises(MentoringError):
        mentoring.assign_mentor(member=member_a, mentor=member_a.user, actor=staff_a)
    with pytest.raises(MentoringError):
        mentoring.find_person("nobody@example.org")


def test_only_the_mentor_logs_and_hours_add_up(in_hub_a, assignment_a, mentor, staff_a):
    with pytest.raises(MentoringError):
        log(assignment_a, staff_a)
    with pytest.raises(MentoringError):
        log(assignment_a, mentor, duration_minutes=2)
    log(assignment_a, mentor)
    log(assignment_a, mentor, duration_minutes=30)
    assert progress_for_member(assignment_a.member).mentoring_hours == 2.0
    with pytest.raises(MentoringError):  # sessions logged: the pairing stays on record
        mentoring.unassign_mentor(assignment=assignment_a, actor=staff_a)


def test_evidence_state_machine(in_hub_a, cohort_a, member_a, assignment_a, mentor, staff_a):
    milestone = make_milestone(cohort_a)
    user = member_a.user
    with pytest.raises(MilestoneError):  # empty evidence
        milestones.submit_evidence(milestone=milestone, member=member_a, actor=user)
    with pytest.raises(MilestoneError):  # someone else submitting for the member
        milestones.submit_evidence(milestone=milestone, member=member_a, actor=mentor, text="x")
    sub = milestones.submit_evidence(milestone=milestone, member=member_a, actor=user,
                                     text="My business model canvas")
    assert sub.state == S.SUBMITTED
    assert Notification.objects.filter(recipient=mentor,
                                       kind="programme.milestone.submitted").exists()
    stranger = UserFactory()
    with pytest.raises(MilestoneError):  # neither staff nor mentor
        milestones.review_evidence(submission=sub, actor=stranger, approve=True)
    with pytest.raises(MilestoneError):  # asking for changes needs feedback
        milestones.review_evidence(submission=sub, actor=mentor, approve=False)
    sub = milestones.review_evidence(submission=sub, actor=mentor, approve=False,
                                     feedback="Add your costs.")
    assert sub.state == S.CHANGES
    assert sub.reviewed_by == mentor
    # changes_requested → approved / changes_requested: refused (resubmit first).
    for approve in (True, False):
        with pytest.raises(MilestoneError):
            milestones.review_evidence(submission=sub, actor=staff_a, approve=approve,
                                       feedback="again")
    sub = milestones.submit_evidence(milestone=milestone, member=member_a, actor=user,
                                     text="Now with costs", link="https://example.org/canvas")
    assert sub.state == S.SUBMITTED
    assert sub.reviewed_by is None
    sub = milestones.review_evidence(submission=sub, actor=staff_a, approve=True)
    assert sub.state == S.APPROVED
    assert Notification.objects.filter(recipient=user,
                                       kind="programme.milestone.reviewed").count() == 2
    # approved is final: no resubmission, no second review.
    with pytest.raises(MilestoneError):
        milestones.submit_evidence(milestone=milestone, member=member_a, actor=user, text="x")
    for approve in (True, False):
        with pytest.raises(MilestoneError):
            milestones.review_evidence(submission=sub, actor=staff_a, approve=approve,
                                       feedback="x")
    assert progress_for_member(member_a).approved == 1


def test_evidence_file_type_and_size(in_hub_a, cohort_a, member_a, settings):
    milestone = make_milestone(cohort_a)
    bad = SimpleUploadedFile("run.exe", b"MZ...", content_type="application/octet-stream")
    with pytest.raises(MilestoneError):
        milestones.submit_evidence(milestone=milestone, member=member_a, actor=member_a.user,
                                   file=bad)
    big = SimpleUploadedFile("deck.pdf", b"%PDF" + b"0" * (milestones.EVIDENCE_MAX_BYTES + 1))
    with pytest.raises(MilestoneError):
        milestones.submit_evidence(milestone=milestone, member=member_a, actor=member_a.user,
                                   file=big)
    ok = SimpleUploadedFile("deck.pdf", b"%PDF-1.4 small")
    sub = milestones.submit_evidence(milestone=milestone, member=member_a, actor=member_a.user,
                                     file=ok)
    assert sub.file.name.endswith(".pdf")


# --- Views ---------------------------------------------------------------------------------

def test_private_notes_never_reach_the_participant(client, assignment_a, mentor):
    with scopes_disabled():
        log(assignment_a, mentor, private_notes="PRIVATE-XYZ", shared_notes="SHARED-ABC")
    member = assignment_a.member
    client.force_login(member.user)
    page = client.get(reverse("programme:cohort", kwargs={"hub": member.cohort.hub.slug,
                                                          "cohort": member.cohort.slug}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "SHARED-ABC" in body
    assert "PRIVATE-XYZ" not in body
    assert "Mona Mentor" in body
    assert "1.5" in body
    # The participant cannot open the mentor's page of themselves either.
    assert client.get(reverse("programme:mentee", kwargs={"pk": member.pk})).status_code == 404
    # The mentor sees both.
    client.force_login(mentor)
    body = client.get(reverse("programme:mentee", kwargs={"pk": member.pk})).content.decode()
    assert "SHARED-ABC" in body
    assert "PRIVATE-XYZ" in body


def test_hub_staff_see_private_notes_on_the_member_page(client, assignment_a, mentor, staff_a,
                                                        staff_b):
    with scopes_disabled():
        log(assignment_a, mentor, private_notes="PRIVATE-XYZ", shared_notes="SHARED-ABC")
    url = reverse("programme_console:member", kwargs={"hub_slug": "hub-a",
                                                      "pk": assignment_a.member_id})
    client.force_login(staff_a)
    body = client.get(url).content.decode()
    assert "SHARED-ABC" in body
    assert "PRIVATE-XYZ" in body
    client.force_login(staff_b)
    assert client.get(url).status_code == 404


def test_mentor_space_lists_only_own_mentees(client, assignment_a, mentor, member_b, cohort_a):
    with scopes_disabled():
        someone_else = CohortMemberFactory(cohort=cohort_a)
    client.force_login(mentor)
    body = client.get(reverse("programme:mentor")).content.decode()
    assert assignment_a.member.user.name in body
    assert someone_else.user.name not in body
    assert member_b.user.name not in body
    for pk in (someone_else.pk, member_b.pk, 999999):
        assert client.get(reverse("programme:mentee", kwargs={"pk": pk})).status_code == 404
        assert client.post(reverse("programme:mentee", kwargs={"pk": pk})).status_code == 404
        assert client.post(reverse("programme:mentee_review", kwargs={
            "pk": pk, "submission": 1})).status_code == 404
    client.logout()
    assert client.get(reverse("programme:mentor")).status_code == 302


def test_mentor_logs_and_reviews_from_the_mentee_page(client, assignment_a, mentor, cohort_a):
    member = assignment_a.member
    milestone = make_milestone(cohort_a)
    with scopes_disabled():
        sub = MilestoneSubmission.objects.create(milestone=milestone, member=member, text="Done")
    client.force_login(mentor)
    url = reverse("programme:mentee", kwargs={"pk": member.pk})
    response = client.post(url, {"date": "2026-03-02", "duration_minutes": 45,
                                 "topics": "Funding", "shared_notes": "Apply to X"})
    assert response.status_code == 302
    review = reverse("programme:mentee_review", kwargs={"pk": member.pk, "submission": sub.pk})
    assert f'action="{review}"' in client.get(url).content.decode()
    response = client.post(review, {f"s{sub.pk}-decision": "approve"})
    assert response.status_code == 302
    with scopes_disabled():
        assert MentoringSession.objects.filter(assignment=assignment_a).count() == 1
        sub.refresh_from_db()
    assert sub.state == S.APPROVED
    assert sub.reviewed_by == mentor


def test_participant_submits_evidence_and_downloads_own_file(client, member_a, cohort_a,
                                                             mentor, assignment_a):
    milestone = make_milestone(cohort_a)
    client.force_login(member_a.user)
    url = reverse("programme:milestone_evidence", kwargs={
        "hub": cohort_a.hub.slug, "cohort": cohort_a.slug, "milestone": milestone.pk})
    response = client.post(url, {f"m{milestone.pk}-text": "",
                                 f"m{milestone.pk}-file": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 422
    response = client.post(url, {f"m{milestone.pk}-text": "Canvas",
                                 f"m{milestone.pk}-file": SimpleUploadedFile("c.pdf", b"%PDF-1.4")})
    assert response.status_code == 302
    with scopes_disabled():
        sub = MilestoneSubmission.objects.get(member=member_a)
    file_url = reverse("programme:evidence_file", kwargs={"pk": sub.pk})
    from tests.conftest import close_response

    for user, status in ((member_a.user, 200), (mentor, 200), (UserFactory(), 404)):
        client.force_login(user)
        response = client.get(file_url)
        assert response.status_code == status
        close_response(response)


def test_console_assigns_mentor_by_email(client, staff_a, member_a, mentor, cohort_a):
    client.force_login(staff_a)
    url = reverse("programme_console:mentors", kwargs={"hub_slug": "hub-a", "pk": cohort_a.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"member": member_a.pk, "email": mentor.email.upper()})
    assert response.status_code == 302
    response = client.post(url, {"member": member_a.pk, "email": "unknown@example.org"})
    assert response.status_code == 422


def test_console_cannot_assign_another_hubs_member(client, staff_a, cohort_a, member_b, mentor):
    client.force_login(staff_a)
    url = reverse("programme_console:mentors", kwargs={"hub_slug": "hub-a", "pk": cohort_a.pk})
    response = client.post(url, {"member": member_b.pk, "email": mentor.email})
    assert response.status_code == 422
    with scopes_disabled():
        assert not member_b.mentor_assignments.exists()
