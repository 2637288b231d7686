"""Completion certificates: issued by staff when a member meets the cohort's rule, rendered
to PDF by the reports mechanism (kind ``certificate``), verified on a public page."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from creaconnect.core import audit
from creaconnect.core.states import StateMachine
from creaconnect.notifications.services import notify
from creaconnect.reports.models import Report
from creaconnect.reports.services import request_report
from hubs.models import Hub

from ..models import Certificate, CohortMember, MemberStatus
from .cohorts import CohortError, progress_for_member

CERTIFICATE_REPORT = "certificate"


class CertificateError(CohortError):
    """A certificate the completion rule does not allow (yet)."""


# A member's status moves. Completing goes through ``issue_certificate`` only; no service
# moves a member out yet, but every page and move respects a member who has ``LEFT``.
MEMBER = StateMachine(MemberStatus, {
    MemberStatus.ACTIVE: {MemberStatus.COMPLETED, MemberStatus.LEFT},
    MemberStatus.COMPLETED: set(),
    MemberStatus.LEFT: set(),
})


def issue_certificate(*, member, actor) -> Certificate:
    """Issue ``member``'s certificate if the completion rule is met: marks the member
    completed, queues the PDF (after commit) and tells the participant."""
    with transaction.atomic():
        member = (CohortMember.objects.select_for_update()
                  .select_related("user", "cohort__hub").get(pk=member.pk))
        if Certificate.objects.filter(member=member).exists():
            raise CertificateError(_("%(name)s already has a certificate.")
                                   % {"name": member.user})
        if not MEMBER.can(member.status, MemberStatus.COMPLETED):
            raise CertificateError(
                _("%(name)s has left the cohort.") % {"name": member.user}
                if member.status == MemberStatus.LEFT else
                _("%(name)s has already completed the cohort.") % {"name": member.user})
        progress = progress_for_member(member)
        if not progress.has_record:
            raise CertificateError(_("%(name)s has no past session and no milestone yet: "
                                     "there is nothing to certify.") % {"name": member.user})
        if not progress.meets_completion_rule:
            raise CertificateError(
                _("%(name)s does not meet the completion rule yet: attendance %(att)s%% "
                  "(needed %(min)s%%), milestones signed off %(ok)s of %(total)s.")
                % {"name": member.user, "att": progress.attendance_percent,
                   "min": member.cohort.min_attendance_percent, "ok": progress.approved,
                   "total": progress.milestones_total})
        hub = member.cohort.hub
        certificate = Certificate.objects.create(member=member, issued_by=actor)
        report = request_report(kind=CERTIFICATE_REPORT, hub=hub,
                                params={"certificate": certificate.pk}, actor=actor)
        certificate.report_id = report.pk
        certificate.save(update_fields=["report_id"])
        member.status = MemberStatus.COMPLETED
        member.save(update_fields=["status"])
        audit.record(actor=actor, action="certificate.issued", target=certificate, hub=hub,
                     data={"member": member.pk, "code": certificate.code})
        notify(user=member.user, kind="programme.certificate.issued", hub=hub,
               url=certificate.get_absolute_url(),
               context={"cohort": member.cohort.name, "code": certificate.code,
                        "completed": is_completion(certificate)})
    return certificate


def is_completion(certificate) -> bool:
    """A certificate issued once the cohort has ended certifies completion; one issued
    before certifies participation to date (the cohort is still running)."""
    issued = timezone.localdate(certificate.issued_at)
    return issued >= certificate.member.cohort.ends_on


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code, with member, user, cohort and hub."""
    # Public verification: a code is looked up across hubs on purpose.
    with scopes_disabled():
        return (Certificate.objects.filter(code=code.strip().upper())
                .select_related("member__user", "member__cohort__hub").first())


def certificate_report(certificate) -> Report | None:
    if certificate.report_id is None:
        return None
    return Report.objects.filter(pk=certificate.report_id, hub_id=certificate.member.cohort.hub_id,
                                 kind=CERTIFICATE_REPORT).first()


def build_certificate(report) -> dict:
    """Template context of the certificate PDF (runs in the worker: enters the hub scope)."""
    hub = Hub.objects.get(pk=report.hub_id)
    with scope(hub=hub):
        certificate = (Certificate.objects.select_related("member__user", "member__cohort")
                       .get(pk=report.params["certificate"], member__cohort__hub=hub))
    member = certificate.member
    return {
        "hub": hub,
        "report": report,
        "certificate": certificate,
        "participant": member.user.name,
        "cohort": member.cohort,
        "completed": is_completion(certificate),
        "verify_url": settings.SITE_URL + certificate.get_absolute_url(),
        "generated": timezone.now(),
        "allowed_media": {hub.logo.name} if hub.logo else set(),
    }


def certificate_filename(report) -> str:
    return f"certificate-{report.params.get('certificate', report.pk)}.pdf"
