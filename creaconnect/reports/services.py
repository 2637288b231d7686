"""Requesting and rendering PDF reports."""

import io
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from creaconnect.core import audit

from . import kinds
from .models import Report, ReportState

logger = logging.getLogger(__name__)


def reports_for_hub(hub):
    return Report.objects.filter(hub_id=hub.pk if hub else None).select_related("requested_by")


def request_report(*, kind: str, hub=None, params: dict | None = None, actor) -> Report:
    """Queue a report, or return the identical one already queued or running."""
    spec = kinds.get(kind)
    if spec.scope == "hub" and hub is None:
        raise ValueError(f"report {kind} needs a hub")
    params = params or {}
    language = translation.get_language() or "en"
    with transaction.atomic():
        # Serialise identical requests so two quick clicks produce one report.
        existing = (
            Report.objects.select_for_update()
            .filter(kind=kind, hub_id=getattr(hub, "pk", None), params=params,
                    state__in=[ReportState.QUEUED, ReportState.RUNNING])
            .first()
        )
        if existing:
            return existing
        report = Report.objects.create(kind=kind, hub_id=getattr(hub, "pk", None),
                                       params=params, requested_by=actor, language=language)
        audit.record(actor=actor, action="report.requested", target=report, hub=hub,
                     data={"kind": kind, "params": params})
        transaction.on_commit(lambda: enqueue(report.pk))
    return report


def enqueue(report_id: int) -> bool:
    from .tasks import task_render_report

    try:
        task_render_report.apply_async(args=[report_id], retry=False)
        return True
    except (BrokerError, OSError) as exc:
        logger.warning("report %s not queued (%s); the sweeper will retry", report_id,
                       type(exc).__name__)
        return False


# Tagged PDF (PDF/UA-1): a structure tree, the document language and title, so screen readers
# can read the reports. WeasyPrint's support is young: the tagging follows the HTML
# (headings, paragraphs, tables, lists, images with alt text); it is not a validated PDF/UA.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, context: dict, *, allowed_media: set[str] | None = None):
    """Render ``template`` to PDF bytes with the safe fetcher; returns (bytes, pages, fetcher)."""
    return html_to_pdf(render_to_string(template, context), allowed_media=allowed_media)


def html_to_pdf(html: str, *, allowed_media: set[str] | None = None):
    # WeasyPrint is heavy to import: only the worker that renders pays for it.
    from weasyprint import HTML

    from .fetcher import BASE_URL, SafeURLFetcher

    fetcher = SafeURLFetcher(allowed_media=allowed_media)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    buffer = io.BytesIO()
    document.write_pdf(buffer, pdf_variant=PDF_VARIANT)
    return buffer.getvalue(), len(document.pages), fetcher


def _set(report_id, **fields):
    Report.objects.filter(pk=report_id).update(**fields)


def run_report(report_id: int) -> str:
    """Render a queued report. Idempotent: only a queued row is claimed (under a lock)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            logger.info("report %s no longer exists", report_id)
            return "missing"
        if report.state != ReportState.QUEUED:
            return "skipped"
        report.state, report.started_at, report.progress = ReportState.RUNNING, timezone.now(), 10
        report.save(update_fields=["state", "started_at", "progress"])
    spec = kinds.get(report.kind)
    try:
        with translation.override(report.language):
            context = spec.build_context(report)
            _set(report.pk, progress=50)
            pdf, pages, _fetcher = render_pdf(spec.template, context,
                                              allowed_media=context.get("allowed_media"))
        report.file.save(spec.filename(report), ContentFile(pdf), save=False)
    except Exception as exc:  # a report must end failed, never stay "running"
        logger.exception("report %s failed", report.pk)
        _set(report.pk, state=ReportState.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000],
             finished_at=timezone.now(), progress=100)
        return "failed"
    _set(report.pk, state=ReportState.DONE, file=report.file.name, size=len(pdf),
         page_count=pages, finished_at=timezone.now(), progress=100)
    return "done"


def requeue_stale(older_than_minutes: int = 15) -> int:
    """Queue reports stuck in *queued* (broker outage) or *running* (killed worker)."""
    limit = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    stuck_running = Report.objects.filter(state=ReportState.RUNNING, started_at__lt=limit)
    stuck_running.update(state=ReportState.QUEUED)
    count = 0
    for pk in Report.objects.filter(state=ReportState.QUEUED,
                                    created__lt=timezone.now() - timezone.timedelta(minutes=1)
                                    ).values_list("pk", flat=True)[:500]:
        count += enqueue(pk)
    return count
