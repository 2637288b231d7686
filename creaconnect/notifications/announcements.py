"""Programme-wide announcements: one message from the consortium to every participant.

``announce`` writes one outbox row per active person in one transaction (bulk insert: 20,000
rows in a few seconds) and, after commit, queues batch tasks that deliver each batch over one
SMTP connection. Every row is still claimed under its row lock before sending, so a batch that
runs twice, or a sweeper that re-queues a row, never sends a message twice.
"""

from __future__ import annotations

import json
import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import kinds, services
from .models import Channel, Notification, Preference, State

logger = logging.getLogger(__name__)

KIND = "announcement"
BATCH_SIZE = 200  # rows per task: one SMTP connection, short enough to stay under time limits
MARK_EVERY = 20  # sent rows are recorded in groups of this many


def recipients():
    """Every active person with an e-mail address (participants, mentors, staff alike)."""
    return (get_user_model().objects.filter(is_active=True).exclude(email="")
            .order_by("pk").values_list("pk", "email", "preferred_language"))


def announce(*, subject: str, body: str, actor, url: str = "") -> int:
    """Queue ``subject``/``body`` for everyone; returns how many rows were written.

    Side effects: outbox rows, an audit entry, and after commit the batch tasks.
    """
    from creaconnect.core import audit

    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValueError("an announcement needs a subject and a text")
    context = {"subject": subject, "body": body}
    with transaction.atomic():
        ids = _insert_rows(subject=subject, context=context, url=url)
        audit.record(actor=actor, action="notification.announced",
                     data={"subject": subject[:300], "recipients": len(ids)})
        transaction.on_commit(lambda: queue_batches(ids))
    return len(ids)


# The columns ``_insert_rows`` fills; a new column on the model needs a value there too.
_COLUMNS = ("recipient_id", "email", "kind", "context", "url", "language", "channels", "hub_id",
            "hub_name", "hub_colour", "state", "attempts", "last_error", "dedup_key", "subject",
            "created", "updated", "next_attempt_at", "sent_at", "read_at")


def _insert_rows(*, subject: str, context: dict, url: str) -> list[int]:
    """One ``INSERT … SELECT`` from the user table: the rows never travel through Python
    (20,000 rows in about a second instead of several with ``bulk_create``)."""
    columns = tuple(f.column for f in Notification._meta.concrete_fields if f.column != "id")
    if columns != _COLUMNS:
        raise RuntimeError(f"Notification columns changed: {columns}")
    user_table = get_user_model()._meta.db_table
    sql = f"""
        INSERT INTO {Notification._meta.db_table} ({", ".join(_COLUMNS)})
        SELECT u.id, u.email, %s, %s::jsonb, %s,
               COALESCE(NULLIF(u.preferred_language, ''), %s), %s::varchar(10)[],
               NULL, '', '', %s, 0, '', NULL, %s, now(), now(), NULL, NULL, NULL
        FROM {user_table} u
        WHERE u.is_active AND u.email <> ''
        ORDER BY u.id
        RETURNING id"""  # noqa: S608  table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [KIND, json.dumps(context), url, settings.LANGUAGE_CODE,
                             [Channel.EMAIL, Channel.INAPP], State.PENDING, subject[:300]])
        return [row[0] for row in cursor.fetchall()]


def queue_batches(ids: list[int]) -> int:
    """Queue the batch tasks; a broker outage leaves the rows to the sweeper."""
    from .tasks import task_send_batch

    queued = 0
    for start in range(0, len(ids), BATCH_SIZE):
        try:
            task_send_batch.apply_async(args=[ids[start:start + BATCH_SIZE]], retry=False)
            queued += 1
        except OSError as exc:  # kombu's OperationalError is an OSError too
            logger.warning("announcement batch not queued (%s); the sweeper sends it",
                           type(exc).__name__)
            break
    return queued


def _open(connection) -> None:
    """(Re)open the batch's SMTP connection; Django's backend would otherwise open and close
    one per message when it finds none open."""
    try:
        connection.open()
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError) as exc:
        raise services.TransientSendError(f"{type(exc).__name__}: {exc}") from exc


def claim_batch(ids: list[int]) -> list[Notification]:
    """Move the batch's pending (or stuck) rows to *sending* in one transaction, under row
    locks (rows another worker holds are left to it); rows whose e-mail is not wanted are
    closed as sent (in-app only). Returns the rows to e-mail."""
    now = timezone.now()
    due = Q(state=State.PENDING) | Q(state=State.SENDING, updated__lt=now - services.stuck_after())
    with transaction.atomic():
        rows = list(Notification.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(due, pk__in=ids).select_related("recipient").order_by("pk"))
        kinds_used = {r.kind for r in rows}
        opted_out = set(Preference.objects.filter(
            kind__in=kinds_used, email_enabled=False,
            user_id__in=[r.recipient_id for r in rows if r.recipient_id])
            .values_list("user_id", "kind"))
        send, quiet = [], []
        for r in rows:
            wanted = Channel.EMAIL in r.channels and (
                kinds.get(r.kind).always_on or (r.recipient_id, r.kind) not in opted_out)
            (send if wanted else quiet).append(r)
        if quiet:
            Notification.objects.filter(pk__in=[r.pk for r in quiet]).update(
                state=State.SENT, sent_at=now, updated=now)
        if send:
            Notification.objects.filter(pk__in=[r.pk for r in send]).update(
                state=State.SENDING, attempts=F("attempts") + 1, updated=now)
            for r in send:
                r.state, r.attempts = State.SENDING, r.attempts + 1
    return send


def _mark_sent(ids: list[int]) -> None:
    if ids:
        now = timezone.now()
        Notification.objects.filter(pk__in=ids, state=State.SENDING).update(
            state=State.SENT, sent_at=now, last_error="", next_attempt_at=None, updated=now)


def send_batch(ids: list[int]) -> dict:
    """Send the rows ``ids`` over one SMTP connection: claimed together under their locks,
    marked sent every ``MARK_EVERY`` messages (a worker lost mid-batch leaves at most that
    many rows to the stuck-row sweeper, as a lost single send leaves one).

    A transient failure of one row schedules that row's retry like a single send.
    """
    counts = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
    rows = claim_batch(ids)
    counts["skipped"] = len(ids) - len(rows)
    connection = get_connection()
    done: list[int] = []
    try:
        for notification in rows:
            try:
                _open(connection)
                services.deliver(notification, connection=connection)
            except services.TransientSendError as exc:
                connection.close()  # reopened on the next send
                delay = services.finish(notification, error=exc, transient=True)
                if delay is not None:
                    services.dispatch(notification.pk, countdown=delay)
                counts["retry" if delay is not None else "failed"] += 1
                continue
            except (smtplib.SMTPException, ValueError) as exc:
                services.finish(notification, error=exc, transient=False)
                counts["failed"] += 1
                continue
            done.append(notification.pk)
            counts["sent"] += 1
            if len(done) >= MARK_EVERY:
                _mark_sent(done)
                done = []
    finally:
        _mark_sent(done)
        connection.close()
    return counts
