"""Mail, PDFs and the rest travel on separate Celery queues (issue 18).

The routing test reads the settings' routes for every task we have. The flood test runs two
real workers on one Redis, one per queue as in docker-compose.yml, buries the mail queue under
2,000 real notifications (sent to the test SMTP server) and measures how long a report then
waits for the PDF worker, against the same report with the mail queue empty; and, the other
way round, how long one e-mail takes while the PDF worker has reports queued.
"""

import time

import pytest
from django.conf import settings
from django.db import transaction
from django_scopes import scopes_disabled

from creaconnect.celery import app
from creaconnect.notifications.models import Channel, Notification, State
from creaconnect.notifications.tasks import task_send_notification
from creaconnect.reports.models import Report, ReportState
from creaconnect.reports.tasks import task_render_report
from tests.live.stack import Stack, child_env, wait_until

from .stack import forget_prefix, redis_client, routed_queue, start_workers

FLOOD = 2000


def _our_tasks() -> list[str]:
    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def test_every_task_is_routed_to_one_of_the_three_queues():
    queues = settings.CELERY_QUEUE_NAMES
    assert {q.name for q in settings.CELERY_TASK_QUEUES} == set(queues.values())
    routed = {name: routed_queue(name, "") for name in _our_tasks()}
    assert set(routed.values()) == set(queues.values())
    assert {n for n, q in routed.items() if q == queues["mail"]} == {
        "creaconnect.notifications.tasks.task_send_notification",
        "creaconnect.notifications.tasks.task_send_batch"}
    assert {n for n, q in routed.items() if q == queues["pdf"]} == {
        "creaconnect.reports.tasks.task_render_report"}
    # Beat's sweepers and reminders stay off the mail and PDF queues.
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert routed[entry["task"]] == queues["default"], entry["task"]


def _render_timing(hub, staff, prefix: str) -> dict[str, float]:
    """Queue one report on the PDF queue; seconds until a worker started it and finished it."""
    with transaction.atomic():
        report = Report.objects.create(kind="hub_overview", hub_id=hub.pk, requested_by=staff,
                                       language="en")
    task_render_report.apply_async(
        args=[report.pk], queue=routed_queue(task_render_report.name, prefix), retry=False)
    assert wait_until(lambda: Report.objects.get(pk=report.pk).state in
                      (ReportState.DONE, ReportState.FAILED), timeout=120)
    report.refresh_from_db()
    assert report.state == ReportState.DONE, report.error
    return {"wait": (report.started_at - report.created).total_seconds(),
            "total": (report.finished_at - report.created).total_seconds()}


def _flood(prefix: str, smtp_server) -> list[int]:
    """2,000 real outbox rows, one send task each, on the mail queue."""
    rows = Notification.objects.bulk_create(
        Notification(email=f"flood-{i}@example.org", kind="announcement",
                     context={"subject": "Final event", "body": "See you in Novi Sad."},
                     channels=[Channel.EMAIL], state=State.PENDING, subject="Final event")
        for i in range(FLOOD))
    queue = routed_queue(task_send_notification.name, prefix)
    with app.producer_or_acquire() as producer:
        for row in rows:
            task_send_notification.apply_async(args=[row.pk], queue=queue, producer=producer,
                                               retry=False)
    return [row.pk for row in rows]


def _sent() -> int:
    return Notification.objects.filter(kind="announcement", state=State.SENT).count()


def _mail_latency_while_rendering(hub, staff, prefix: str, reports: int = 6) -> float:
    """Seconds until one e-mail is sent while the PDF worker has ``reports`` queued."""
    with transaction.atomic():
        queued = [Report.objects.create(kind="hub_overview", hub_id=hub.pk, requested_by=staff,
                                        language="en") for _ in range(reports)]
    for report in queued:
        task_render_report.apply_async(
            args=[report.pk], queue=routed_queue(task_render_report.name, prefix), retry=False)
    row = Notification.objects.create(
        email="one@example.org", kind="announcement", channels=[Channel.EMAIL],
        context={"subject": "Now", "body": "While reports render."}, subject="Now")
    started = time.monotonic()
    task_send_notification.apply_async(
        args=[row.pk], queue=routed_queue(task_send_notification.name, prefix), retry=False)
    assert wait_until(lambda: Notification.objects.get(pk=row.pk).state == State.SENT,
                      timeout=60, interval=0.05)
    latency = time.monotonic() - started
    assert Report.objects.filter(pk__in=[r.pk for r in queued]).exclude(
        state=ReportState.DONE).exists(), "the reports were done before the mail: not busy"
    assert wait_until(lambda: not Report.objects.filter(pk__in=[r.pk for r in queued]).exclude(
        state=ReportState.DONE).exists(), timeout=180)
    return latency


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_report_is_not_delayed_behind_a_mail_flood(tmp_path, hub_a, staff_a, smtp_server):
    env = child_env(EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}")
    prefix = env["CELERY_QUEUE_PREFIX"]
    mail_queue = routed_queue(task_send_notification.name, prefix)
    stack = Stack(env=env, log_dir=tmp_path)
    try:
        start_workers(stack, {"worker-mail": [mail_queue],
                              "worker-pdf": [routed_queue(task_render_report.name, prefix)]})
        with scopes_disabled():
            _render_timing(hub_a, staff_a, prefix)  # warm-up: fonts, templates, connections
            quiet = _render_timing(hub_a, staff_a, prefix)
            mail_while_rendering = _mail_latency_while_rendering(hub_a, staff_a, prefix)

            _flood(prefix, smtp_server)
            flood_started = time.monotonic()
            assert wait_until(lambda: _sent() >= 20, timeout=60), stack.children[0].log()[-3000:]
            loaded = _render_timing(hub_a, staff_a, prefix)
            backlog = redis_client().llen(mail_queue)
            sent = _sent()
            rate = sent / (time.monotonic() - flood_started)
    finally:
        stack.stop()
        forget_prefix(prefix)

    print(f"\nreport with the mail queue empty: waited {quiet['wait']:.2f} s, "
          f"done in {quiet['total']:.2f} s")
    print(f"report under {FLOOD} queued mails: waited {loaded['wait']:.2f} s, done in "
          f"{loaded['total']:.2f} s; {backlog} mails still queued, {sent} sent "
          f"({rate:.0f}/s): on one shared queue it would have waited ~{FLOOD / rate:.0f} s")
    print(f"an e-mail with 6 reports queued for the PDF worker: sent in "
          f"{mail_while_rendering:.2f} s")
    assert backlog > FLOOD // 2, "the mail queue was not loaded while the report rendered"
    assert mail_while_rendering < 5
    assert loaded["wait"] < quiet["wait"] + 3
    assert loaded["total"] < quiet["total"] + 10
    # (The mail worker is stopped mid-flood: its pool child's exit on SIGTERM is logged.)
    assert stack.error_lines()["worker-pdf"] == []
    assert "raised unexpected" not in stack.children[0].log()
