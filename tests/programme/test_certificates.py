"""Certificates: only when the completion rule is met, once, rendered to PDF by the reports
mechanism with the participant's name and the verification code, verified in public."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from creaconnect.notifications.models import Notification
from creaconnect.reports import services as report_services
from creaconnect.reports.models import Report
from programme.cohorts.services.certificates import CertificateError, issue_certificate
from programme.models import Certificate, MemberStatus, MilestoneState, MilestoneSubmission
from tests.conftest import close_response
from tests.factories import UserFactory, attend, make_milestone, make_session

# Shared fixtures of the cohorts half, made visible to pytest in this module.


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def completed(member_a, cohort_a):
    """``member_a`` attended 3 of 4 past sessions (75%) and has the one milestone approved."""
    sessions = [make_session(cohort_a, days=-d) for d in (1, 2, 3, 4)]
    for s in sessions[:3]:
        attend(s, member_a)
    milestone = make_milestone(cohort_a)
    with scopes_disabled():
        MilestoneSubmission.objects.create(milestone=milestone, member=member_a, text="ok",
                                           state=MilestoneState.APPROVED)
    return member_a


def test_refused_until_the_rule_is_met(in_hub_a, member_a, cohort_a, staff_a):
    sessions = [make_session(cohort_a, days=-d) for d in (1, 2)]
    attend(sessions[0], member_a)
    with pytest.raises(CertificateError, match="completion rule"):  # 50% < 75%
        issue_certificate(member=member_a, actor=staff_a)
    attend(sessions[1], member_a)
    milestone = make_milestone(cohort_a)
    with pytest.raises(CertificateError):  # milestone not signed off
        issue_certificate(member=member_a, actor=staff_a)
    MilestoneSubmission.objects.create(milestone=milestone, member=member_a, text="x",
                                       state="submitted")
    with pytest.raises(CertificateError):  # waiting is not signed off
        issue_certificate(member=member_a, actor=staff_a)
    cohort_a.require_all_milestones = False
    cohort_a.save()
    member_a.refresh_from_db()
    assert issue_certificate(member=member_a, actor=staff_a).code.startswith("CC-")
    assert not Certificate.objects.exclude(member=member_a).exists()


def test_refused_before_any_session_or_milestone(in_hub_a, member_a, cohort_a, staff_a):
    """A fresh cohort has nothing to judge completion by: no certificate on day one, even
    though 0 of 0 sessions would count as full attendance."""
    make_session(cohort_a, days=5)  # only a future session
    with pytest.raises(CertificateError, match="nothing to certify"):
        issue_certificate(member=member_a, actor=staff_a)
    attend(make_session(cohort_a, days=-1), member_a)
    assert issue_certificate(member=member_a, actor=staff_a).code.startswith("CC-")


def test_issued_once_and_pdf_has_name_and_code(in_hub_a, completed, staff_a):
    certificate = issue_certificate(member=completed, actor=staff_a)
    with pytest.raises(CertificateError, match="already"):
        issue_certificate(member=completed, actor=staff_a)
    completed.refresh_from_db()
    assert completed.status == MemberStatus.COMPLETED
    assert Notification.objects.filter(recipient=completed.user,
                                       kind="programme.certificate.issued").exists()
    report = Report.objects.get(pk=certificate.report_id)
    assert report.kind == "certificate"
    assert report.hub_id == completed.cohort.hub_id
    assert report_services.run_report(report.pk) == "done"
    report.refresh_from_db()
    with report.file.open("rb") as f:
        data = f.read()
    text = pdf_text(data)
    assert completed.user.display_name in text
    assert certificate.code in text
    assert "Alpha 2026" in text
    assert "Hub Alpha" in text
    assert report.page_count == 1


def test_public_verification_page_and_holder_download(client, completed, staff_a):
    with scopes_disabled():
        certificate = issue_certificate(member=completed, actor=staff_a)
        report_services.run_report(certificate.report_id)
    url = reverse("programme:certificate", kwargs={"code": certificate.code})
    assert url == certificate.get_absolute_url() == f"/certificates/{certificate.code}/"
    body = client.get(url).content.decode()  # anonymous
    assert completed.user.display_name in body
    assert "Alpha 2026" in body
    assert certificate.code in body
    assert "Download my certificate" not in body
    unknown = client.get(reverse("programme:certificate", kwargs={"code": "CC-NOPE-NOPE-NOPE"}))
    assert unknown.status_code == 404
    pdf_url = reverse("programme:certificate_pdf", kwargs={"code": certificate.code})
    client.force_login(UserFactory())
    assert client.get(pdf_url).status_code == 404
    client.force_login(completed.user)
    assert "Download my certificate" in client.get(url).content.decode()
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    close_response(response)


def test_console_issue_button_only_for_eligible(client, completed, staff_a, cohort_a, staff_b):
    client.force_login(staff_a)
    page = client.get(reverse("programme_console:cohort", kwargs={"hub_slug": "hub-a",
                                                                  "pk": cohort_a.pk}))
    issue_url = reverse("programme_console:issue_certificate",
                        kwargs={"hub_slug": "hub-a", "pk": completed.pk})
    assert issue_url in page.content.decode()
    client.force_login(staff_b)
    assert client.post(issue_url).status_code == 404
    client.force_login(staff_a)
    assert client.post(issue_url).status_code == 302
    with scopes_disabled():
        assert Certificate.objects.filter(member=completed).count() == 1
    page = client.get(reverse("programme_console:cohort", kwargs={"hub_slug": "hub-a",
                                                                  "pk": cohort_a.pk}))
    assert issue_url not in page.content.decode()


def test_certificate_words_follow_the_facts_before_and_after_the_cohort_end(
        client, in_hub_a, completed, staff_a, cohort_a):
    """Issued while the cohort runs (it ends in 120 days): participation to date, not
    completion; once the cohort has ended, completion."""
    certificate = issue_certificate(member=completed, actor=staff_a)
    assert report_services.run_report(certificate.report_id) == "done"
    report = Report.objects.get(pk=certificate.report_id)
    with report.file.open("rb") as f:
        text = " ".join(pdf_text(f.read()).split())
    assert "Certificate of participation" in text
    assert "completed" not in text
    assert "The cohort runs until" in text
    url = certificate.get_absolute_url()
    body = client.get(url).content.decode()
    assert "participation to date, not completion" in body
    assert " completed the cohort" not in body
    # The same certificate, read after the cohort's end: completion.
    cohort_a.ends_on = timezone.localdate(certificate.issued_at)
    cohort_a.save()
    body = client.get(url).content.decode()
    assert " completed the cohort" in body
    report = report_services.request_report(kind="certificate", hub=cohort_a.hub,
                                            params={"certificate": certificate.pk},
                                            actor=staff_a)
    assert report_services.run_report(report.pk) == "done"
    report.refresh_from_db()
    with report.file.open("rb") as f:
        text = " ".join(pdf_text(f.read()).split())
    assert "Certificate of completion" in text
