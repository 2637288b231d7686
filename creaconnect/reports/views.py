from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from creaconnect.core import audit
from creaconnect.core.http import attachment
from creaconnect.core.permissions import PermissionRequiredMixin
from creaconnect.core.registry import report_page_link_providers

from . import kinds, services
from .models import Report


class ReportsView(PermissionRequiredMixin, View):
    """List and request reports: a hub's (console) or the programme's (admins)."""

    @property
    def permission_required(self):
        return "hubs.view_console" if self.request.hub else "reports.view_programme_reports"

    def available_kinds(self):
        scope = "hub" if self.request.hub else "programme"
        return [k for k in kinds.KINDS.values() if k.scope == scope and k.listed]

    def get(self, request, **kwargs):
        reports = services.reports_for_hub(request.hub)[:50]
        scope = "hub" if request.hub else "programme"
        links = [link for provider in report_page_link_providers
                 for link in provider(request, scope)]
        return render(request, "reports/list.html", {
            "reports": reports, "kinds": self.available_kinds(), "hub": request.hub,
            "other_reports": links,
            "polling": any(r.is_active for r in reports),
        })

    def post(self, request, **kwargs):
        key = request.POST.get("kind", "")
        if key not in {k.key for k in self.available_kinds()}:
            messages.error(request, _("Please choose a report."))
            return redirect(request.path)
        spec = kinds.get(key)
        if not request.user.has_perm(spec.permission, request.hub):
            raise Http404
        report = services.request_report(kind=key, hub=request.hub, actor=request.user)
        messages.success(request, _("“%(report)s” is being prepared. It appears below when "
                                    "ready; you can leave this page.") % {"report": report})
        return redirect(request.path)


def _report_for(request, pk) -> Report:
    report = get_object_or_404(services.reports_for_hub(request.hub), pk=pk)
    try:
        spec = kinds.get(report.kind)
    except LookupError:
        raise Http404 from None
    if not request.user.is_authenticated or not request.user.has_perm(spec.permission,
                                                                      request.hub):
        raise Http404
    return report


def report_status(request, pk, **kwargs):
    """The htmx-polled row of one report: progress bar, then the download link."""
    report = _report_for(request, pk)
    return render(request, "reports/list.html#report-row", {"report": report,
                                                            "hub": request.hub})


def report_download(request, pk, **kwargs):
    report = _report_for(request, pk)
    if not report.file:
        raise Http404
    spec = kinds.get(report.kind)
    audit.record(actor=request.user, action="report.downloaded", target=report, hub=request.hub,
                 data={"kind": report.kind})
    return attachment(report.file, filename=spec.filename(report),
                      content_type="application/pdf")
