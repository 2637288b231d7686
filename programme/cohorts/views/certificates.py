"""Certificates: issued from the console, verified in public, downloaded by their holder."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from creaconnect.core.http import attachment

from ..models import CohortMember
from ..services import certificates as certificate_services
from ..services.cohorts import CohortError
from .cohorts import ConsoleView


class IssueCertificateView(ConsoleView):
    def post(self, request, pk, **kwargs):
        member = get_object_or_404(CohortMember.objects.select_related("user", "cohort"),
                                   cohort__hub=request.hub, pk=pk)
        if not request.user.has_perm("programme.issue_certificate", request.hub):
            raise Http404
        try:
            certificate = certificate_services.issue_certificate(member=member,
                                                                 actor=request.user)
            messages.success(request, _("Certificate %(code)s issued to %(name)s; the PDF is "
                                        "being prepared.") % {"code": certificate.code,
                                                              "name": member.user})
        except CohortError as exc:
            messages.error(request, str(exc))
        return redirect("programme_console:cohort", hub_slug=request.hub.slug,
                        pk=member.cohort_id)

    def get(self, request, pk, **kwargs):
        member = get_object_or_404(CohortMember, cohort__hub=request.hub, pk=pk)
        return redirect("programme_console:cohort", hub_slug=request.hub.slug,
                        pk=member.cohort_id)


def verify(request, code):
    """Public page: is this certificate genuine? Name, cohort, hub and dates, no more."""
    certificate = certificate_services.certificate_by_code(code)
    if certificate is None:
        return render(request, "programme/cohorts/certificate.html",
                      {"certificate": None, "code": code}, status=404)
    member = certificate.member
    is_holder = request.user.is_authenticated and member.user_id == request.user.pk
    report = certificate_services.certificate_report(certificate) if is_holder else None
    # The holder's page polls (htmx) until the PDF is ready: then only that part is sent.
    template = "programme/cohorts/certificate.html" + ("#holder-pdf" if request.htmx and
                                                        is_holder else "")
    return render(request, template, {
        "certificate": certificate, "member": member, "cohort": member.cohort,
        "hub": member.cohort.hub, "is_holder": is_holder, "report": report,
        "completed": certificate_services.is_completion(certificate),
    })


@login_required
def download(request, code):
    """The holder's PDF (hub staff download it from the hub's reports page)."""
    certificate = certificate_services.certificate_by_code(code)
    if certificate is None or certificate.member.user_id != request.user.pk:
        raise Http404
    report = certificate_services.certificate_report(certificate)
    if report is None or not report.file:
        raise Http404
    return attachment(report.file, filename=f"certificate-{certificate.code}.pdf",
                      content_type="application/pdf")
