"""Bench steps beyond page load: announcement queue and delivery, PDF rendering, memory.

Run by bench/run.py after the pages, on the same seeded database, with a real Celery worker
(a subprocess, production settings) and a real local SMTP server (aiosmtpd):

- announcement: ``announce()`` to every active person (20,000 at large) — time to write the
  rows and queue the batches; then the worker delivers to aiosmtpd — e-mails per second and
  whether every row arrived exactly once;
- PDFs on one worker (concurrency 1): a hackathon's results report (300 teams at large) and
  200 certificates of one cohort; the time the asking request spends (service + enqueue);
- memory: the highest resident size of the Celery worker's processes while working.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class CountingHandler:
    """aiosmtpd handler: counts messages by their notification id header."""

    def __init__(self):
        self.ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content)
        with self.lock:
            self.ids.append(msg.get("X-CreaConnect-Notification", ""))
        return "250 Message accepted"


def tree_rss_mb(pid: int) -> float:
    """Largest resident size among ``pid`` and its children (prefork pool processes)."""
    pids = [pid]
    try:
        pids += [int(c) for c in
                 Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    best = 0
    for p in pids:
        try:
            kb = int(Path(f"/proc/{p}/status").read_text().split("VmRSS:")[1].split()[0])
            best = max(best, kb)
        except (OSError, IndexError, ValueError):
            continue
    return round(best / 1024, 1)


class Worker:
    """A real Celery worker on the bench database, sampling its memory in a thread."""

    def __init__(self, env: dict, concurrency: int, smtp_port: int | None):
        env = dict(env)
        if smtp_port:
            env["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"
        self.proc = subprocess.Popen(
            [str(BIN / "celery"), "-A", "creaconnect", "worker", "-l", "warning",
             "--concurrency", str(concurrency), "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-n", f"bench-{os.getpid()}-{concurrency}@%h"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        self.max_rss = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        time.sleep(3)  # let it connect before work is queued

    def _sample(self):
        while not self._stop.wait(0.25):
            self.max_rss = max(self.max_rss, tree_rss_mb(self.proc.pid))

    def stop(self):
        self._stop.set()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def wait_until(predicate, timeout: float, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def announcement(env: dict, timeout: float) -> dict:
    from aiosmtpd.controller import Controller
    from django.contrib.auth import get_user_model
    from django.db import connection

    from creaconnect.notifications import announcements
    from creaconnect.notifications.models import Notification, State

    handler = CountingHandler()
    with _free_port() as port:
        pass
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    worker = Worker(env, concurrency=2, smtp_port=port)
    try:
        admin = get_user_model().objects.filter(is_programme_admin=True).first()
        started = time.perf_counter()
        count = announcements.announce(subject="Benchmark announcement",
                                       body="The final event opens at 18:00.", actor=admin)
        queued_s = time.perf_counter() - started
        ids = set(Notification.objects.filter(kind=announcements.KIND)
                  .order_by("-pk").values_list("pk", flat=True)[:count])
        lo = min(ids) if ids else 0
        open_rows = Notification.objects.filter(kind=announcements.KIND, pk__gte=lo,
                                                state__in=[State.PENDING, State.SENDING])
        t0 = time.perf_counter()
        done = wait_until(lambda: not open_rows.exists(), timeout, interval=0.5)
        delivery_s = time.perf_counter() - t0
        connection.close()
        sent = Notification.objects.filter(kind=announcements.KIND, pk__gte=lo,
                                           state=State.SENT).count()
        received = [i for i in handler.ids if i and int(i) >= lo]
        return {
            "recipients": count, "queue_seconds": round(queued_s, 2),
            "delivered": len(received), "delivery_seconds": round(delivery_s, 1),
            "emails_per_second": round(len(received) / delivery_s, 1) if delivery_s else None,
            "finished": done, "rows_sent": sent,
            "exactly_once": len(received) == len(set(received)) and
            set(map(int, received)) <= ids,
            "duplicates": len(received) - len(set(received)),
            "celery_worker_rss_mb": worker.max_rss,
        }
    finally:
        worker.stop()
        controller.stop()


def pdfs(env: dict, timeout: float, certificates: int = 200) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django_scopes import scopes_disabled

    from creaconnect.reports.models import Report, ReportState
    from creaconnect.reports.services import request_report
    from hackathons.models import Hackathon
    from programme.models import Certificate, Cohort, CohortMember

    out: dict = {}
    worker = Worker(env, concurrency=1, smtp_port=None)
    try:
        with scopes_disabled():
            admin = get_user_model().objects.filter(is_programme_admin=True).first()
            hackathon = (Hackathon.objects.filter(slug="scale-0").first()
                         or Hackathon.objects.order_by("pk").first())
            teams = hackathon.teams.count()
            t = time.perf_counter()
            report = request_report(kind="hackathon_results", hub=hackathon.hub,
                                    params={"hackathon": hackathon.pk, "slug": hackathon.slug,
                                            "bench": time.time()}, actor=admin)
            out["results_request_ms"] = round((time.perf_counter() - t) * 1000, 1)
            done = wait_until(lambda: Report.objects.filter(
                pk=report.pk, state__in=[ReportState.DONE, ReportState.FAILED]).exists(),
                timeout)
            report.refresh_from_db()
            out.update(results_teams=teams, results_state=report.state,
                       results_pages=report.page_count,
                       results_seconds=round((report.finished_at - report.created).total_seconds(),
                                             1) if done and report.finished_at else None)

            # A cohort of its own per run, so every run issues the full number.
            model = Cohort.objects.filter(slug="scale-0").first() or \
                Cohort.objects.order_by("pk").first()
            stamp = int(time.time())
            cohort = Cohort.objects.create(hub=model.hub, name=f"Bench cohort {stamp}",
                                           slug=f"bench-{stamp}", starts_on=model.starts_on,
                                           ends_on=model.ends_on)
            users = list(get_user_model().objects.filter(email__startswith="scale.")
                         .order_by("pk").values_list("pk", flat=True)[:certificates])
            members = CohortMember.objects.bulk_create(
                [CohortMember(cohort=cohort, user_id=u) for u in users])
            issued = Certificate.objects.bulk_create(
                [Certificate(member=m, issued_by=admin) for m in members])
            started = time.perf_counter()
            request_ms = []
            report_ids = []
            for cert in issued:
                t = time.perf_counter()
                with transaction.atomic():
                    r = request_report(kind="certificate", hub=cohort.hub,
                                       params={"certificate": cert.pk}, actor=admin)
                request_ms.append((time.perf_counter() - t) * 1000)
                report_ids.append(r.pk)
            Certificate.objects.bulk_update(
                [Certificate(pk=c.pk, report_id=r) for c, r in zip(issued, report_ids,
                                                                    strict=True)],
                ["report_id"])
            done = wait_until(lambda: not Report.objects.filter(
                pk__in=report_ids, state__in=[ReportState.QUEUED, ReportState.RUNNING]).exists(),
                timeout, interval=1.0)
            request_ms.sort()
            out.update(certificates=len(report_ids),
                       certificates_done=Report.objects.filter(pk__in=report_ids,
                                                               state=ReportState.DONE).count(),
                       certificates_seconds=round(time.perf_counter() - started, 1)
                       if done else None,
                       certificate_request_ms_p50=round(request_ms[len(request_ms) // 2], 1)
                       if request_ms else None)
        out["celery_worker_rss_mb"] = worker.max_rss
    finally:
        worker.stop()
    return out


def indicators_report(env: dict, timeout: float) -> dict:
    """The funder's indicators report (issue 16) for the whole programme on one worker
    (concurrency 1): the time from asking to the PDF, CSV and XLSX stored, and the time of
    the figures alone (``build_indicators``, every figure aggregated in the database)."""
    from django.contrib.auth import get_user_model

    from consortium.indicators import build_indicators
    from consortium.reports import KIND
    from creaconnect.reports.models import Report, ReportState
    from creaconnect.reports.services import request_report

    t = time.perf_counter()
    build_indicators()
    figures_s = round(time.perf_counter() - t, 2)
    worker = Worker(env, concurrency=1, smtp_port=None)
    try:
        admin = get_user_model().objects.filter(is_programme_admin=True).first()
        t = time.perf_counter()
        # A parameter of its own per run: an identical queued report would be reused.
        report = request_report(kind=KIND, params={"start": "", "end": "",
                                                   "bench": time.time()}, actor=admin)
        request_ms = round((time.perf_counter() - t) * 1000, 1)
        done = wait_until(lambda: Report.objects.filter(
            pk=report.pk, state__in=[ReportState.DONE, ReportState.FAILED]).exists(), timeout)
        report.refresh_from_db()
        seconds = (round((report.finished_at - report.created).total_seconds(), 1)
                   if done and report.finished_at else None)
        return {"state": report.state, "pages": report.page_count, "seconds": seconds,
                "figures_seconds": figures_s, "request_ms": request_ms,
                "error": report.error[:300] if report.error else "",
                "celery_worker_rss_mb": worker.max_rss}
    finally:
        worker.stop()


class _free_port:
    """A free TCP port on 127.0.0.1 (aiosmtpd cannot bind port 0)."""

    def __enter__(self):
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return self.sock.getsockname()[1]

    def __exit__(self, *exc):
        self.sock.close()
