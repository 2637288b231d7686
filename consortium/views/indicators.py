"""The funder's indicators report: choose a period, request it, watch it (htmx polling), and
download the PDF, the CSV or the XLSX. Programme admins only (404 for everyone else).

Included by ``consortium/urls.py`` under ``indicators/``."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from creaconnect.core import audit
from creaconnect.core.http import attachment
from creaconnect.reports import services as report_services

from ..forms import PeriodForm
from ..reports import EXPORTS, KIND, export_name, filename, period_params
from .base import ConsortiumView


def _reports():
    return report_services.reports_for_hub(None).filter(kind=KIND)


class IndicatorsView(ConsortiumView):
    template_name = "consortium/reports/indicators_page.html"

    def get(self, request):
        reports = list(_reports()[:20])
        return render(request, self.template_name, {
            "form": PeriodForm(), "reports": reports,
            "polling": any(r.is_active for r in reports)})

    def post(self, request):
        form = PeriodForm(request.POST)
        if not form.is_valid():
            reports = list(_reports()[:20])
            return render(request, self.template_name,
                          {"form": form, "reports": reports}, status=400)
        start, end = form.period()
        report = report_services.request_report(kind=KIND, params=period_params(start, end),
                                                actor=request.user)
        messages.success(request, _("“%(report)s” is being prepared. It appears below when "
                                    "ready; you can leave this page.") % {"report": report})
        return redirect(reverse("consortium:indicators"))


class IndicatorStatusView(ConsortiumView):
    def get(self, request, pk):
        report = get_object_or_404(_reports(), pk=pk)
        return render(request, "consortium/reports/indicators_page.html#indicator-row",
                      {"report": report})


class IndicatorDownloadView(ConsortiumView):
    def get(self, request, pk, ext):
        report = get_object_or_404(_reports(), pk=pk)
        if ext == "pdf":
            if not report.file:
                raise Http404
            stored, content_type = report.file, "application/pdf"
        elif ext in EXPORTS:
            name = export_name(report.pk, ext) if report.file else None
            if name is None:
                raise Http404
            stored, content_type = default_storage.open(name, "rb"), EXPORTS[ext]
        else:
            raise Http404
        audit.record(actor=request.user, action="report.downloaded", target=report, hub=None,
                     data={"kind": report.kind, "format": ext})
        return attachment(stored, filename=filename(report, ext), content_type=content_type)


urlpatterns = [
    path("", IndicatorsView.as_view(), name="indicators"),
    path("<int:pk>/status/", IndicatorStatusView.as_view(), name="indicators_status"),
    path("<int:pk>/download.<str:ext>", IndicatorDownloadView.as_view(),
         name="indicators_download"),
]
