"""Writing, rendering and delivering notifications.

``notify`` is called by services inside their transaction: the row is written with the
change it announces, and the sending task is queued only after commit. If the broker is
unreachable then, the row stays pending and the sweeper sends it later.
"""

import logging
import random
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import translate_url
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from creaconnect.core.i18n_content import resolve as resolve_localised

from . import kinds
from .models import Channel, Notification, Preference, State

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def stuck_after() -> timedelta:
    """A row in *sending* for longer than this was abandoned by a dead worker."""
    return timedelta(seconds=settings.NOTIFICATION_STUCK_AFTER_SECONDS)


DISPATCH_GRACE = timedelta(seconds=30)  # leave fresh rows to their on_commit dispatch


class TransientSendError(Exception):
    """Delivery failed in a way worth retrying (connection, 4xx reply)."""


def _language_for(user) -> str:
    lang = getattr(user, "preferred_language", "") if user else ""
    return lang or translation.get_language() or settings.LANGUAGE_CODE


def email_wanted(user, kind: str) -> bool:
    if user is None or kinds.get(kind).always_on:
        return True
    pref = Preference.objects.filter(user=user, kind=kind).values_list("email_enabled",
                                                                        flat=True).first()
    return True if pref is None else pref


def notify(*, kind: str, user=None, email: str = "", hub=None, url: str = "",
           context: dict | None = None, dedup_key: str | None = None,
           channels: tuple[str, ...] = (Channel.EMAIL, Channel.INAPP)) -> Notification | None:
    """Write a notification for ``user`` (or a bare ``email`` for people without an account).

    With a ``dedup_key`` the notification is written at most once, ever: reminders use it to
    go out once per person and deadline. Returns ``None`` when the key was already used.
    """
    kinds.get(kind)  # fail loudly on an unregistered kind
    if user is None and not email:
        raise ValueError("notify needs a user or an e-mail address")
    chosen = [c for c in channels if c != Channel.INAPP or user is not None]
    language = _language_for(user)
    values = {
        "recipient": user,
        "email": user.email if user is not None else email,
        "kind": kind,
        # Hub-written texts passed as ``Localised`` are stored in the recipient's language.
        "context": resolve_localised(context or {}, language),
        "url": url,
        "language": language,
        "channels": chosen,
        "hub_id": getattr(hub, "pk", None),
        "hub_name": getattr(hub, "name", ""),
        "hub_colour": getattr(hub, "brand_colour", ""),
    }
    if dedup_key:
        notification, created = Notification.objects.get_or_create(dedup_key=dedup_key,
                                                                    defaults=values)
        if not created:
            return None
    else:
        notification = Notification.objects.create(**values)
    transaction.on_commit(lambda: dispatch(notification.pk))
    return notification


def dispatch(notification_id: int, countdown: float = 0) -> bool:
    """Queue the send task. A broker outage is logged, not raised: the sweeper retries."""
    from .tasks import task_send_notification

    try:
        task_send_notification.apply_async(args=[notification_id], countdown=countdown,
                                           retry=False)
        return True
    except (BrokerError, OSError) as exc:
        logger.warning("notification %s not queued (broker unavailable: %s); the sweeper "
                       "will send it", notification_id, type(exc).__name__)
        return False


def absolute(url: str) -> str:
    return settings.SITE_URL + url if url.startswith("/") else url


def localised_link(url: str, language: str) -> str:
    """``url`` made absolute and moved into ``language`` (``/dashboard/`` → ``/fr/dashboard/``).

    Services reverse a link in whatever language is active when they run (the actor's, or
    the worker's default), so the recipient's language prefix is put in when the message is
    rendered. Links to other sites are left alone."""
    if not url:
        return ""
    site = settings.SITE_URL
    if url.startswith(site + "/"):
        path = url[len(site):]
    elif url.startswith("/"):
        path = url
    else:
        return url
    source = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(source):
        path = translate_url(path, language)
    return site + path


def _render_plain(template_name: str, context: dict) -> str:
    """A kind's part rendered as plain text: never HTML-escaped here, because the text part is
    sent as it is and the HTML layout escapes the body exactly once."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def _context(notification: Notification, language: str) -> dict:
    """What the kind's templates and the e-mail layout read: the stored context, the
    recipient's name, the link in their language and the hub's name and colour."""
    return {
        **notification.context,
        "recipient_name": str(notification.recipient) if notification.recipient else "",
        "url": localised_link(notification.url, language),
        "hub_name": notification.hub_name,
        "hub_colour": notification.hub_colour or "#1f6f5c",
        "site_url": settings.SITE_URL,
    }


def _subject_and_body(notification: Notification, ctx: dict) -> tuple[str, str]:
    """The kind's subject (on one line) and body, plain text, in the active language."""
    name = kinds.template_name(notification.kind)
    subject = " ".join(_render_plain(f"{name}#subject", ctx).split())
    return subject, _render_plain(f"{name}#body", ctx).strip()


def message(notification: Notification) -> tuple[str, str]:
    """Subject and body of a notification as its inbox page shows them (plain text, in the
    recipient's language, without the e-mail's greeting and footer)."""
    language = notification.language or settings.LANGUAGE_CODE
    ctx = _context(notification, language)
    with translation.override(language):
        return _subject_and_body(notification, ctx)


def _greets(body: str, name: str) -> bool:
    """Whether the body already opens by greeting the person (a staff-written decision
    message: "Dear Léa Martin, ..."), so the layout does not greet a second time."""
    if not name:
        return False
    first_line = body.lstrip().split("\n", 1)[0]
    return name.casefold() in first_line[: len(name) + 40].casefold()


def render(notification: Notification) -> tuple[str, str, str]:
    """Subject, plain text and HTML of a notification, in the recipient's language.

    The kind's subject and body are plain text; the text part carries them unescaped, the
    HTML part escapes them once. Links carry the recipient's language prefix."""
    language = notification.language or settings.LANGUAGE_CODE
    ctx = _context(notification, language)
    with translation.override(language):
        subject, body = _subject_and_body(notification, ctx)
        ctx.update(subject=subject, body=body,
                   greet=not _greets(body, ctx["recipient_name"]))
        text = render_to_string("notifications/email.txt", ctx)
        html = render_to_string("notifications/email.html", ctx)
    return subject, text, html


def _attachments(notification: Notification) -> list[tuple[str, bytes, str]]:
    """The kind's files (a calendar entry, a QR code), built in the recipient's language."""
    build = kinds.get(notification.kind).attachments
    if build is None:
        return []
    with translation.override(notification.language or settings.LANGUAGE_CODE):
        return list(build(notification))


def deliver(notification: Notification, connection=None) -> None:
    """Send the e-mail (over ``connection`` when given, e.g. a batch's open SMTP connection).
    Raises ``TransientSendError`` or ``smtplib.SMTPException``."""
    subject, text, html = render(notification)
    if notification.subject != subject:
        Notification.objects.filter(pk=notification.pk).update(subject=subject[:300])
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        to=[notification.email],
        headers={"X-CreaConnect-Notification": str(notification.pk)},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in _attachments(notification):
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError,
            TimeoutError) as exc:
        raise TransientSendError(f"{type(exc).__name__}: {exc}") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _msg in exc.recipients.values()]
        detail = "; ".join(f"{code} {msg!r}" for code, msg in exc.recipients.values())
        if codes and all(400 <= code < 500 for code in codes):
            raise TransientSendError(f"SMTP {detail}") from exc
        raise smtplib.SMTPException(f"SMTP recipient refused: {detail}") from exc
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:
            raise TransientSendError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
        raise


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter: about 30 s, 60 s, 120 s, ... (base from settings)."""
    base = settings.NOTIFICATION_RETRY_BASE_SECONDS
    return random.uniform(0.5, 1.0) * base * (2 ** (attempt - 1))


def claim(notification_id: int) -> Notification | None:
    """Move a pending (or stuck) row to *sending* under a row lock; ``None`` if not ours."""
    with transaction.atomic():
        n = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if n is None:
            logger.info("notification %s no longer exists", notification_id)
            return None
        stale = n.state == State.SENDING and n.updated < timezone.now() - stuck_after()
        if n.state != State.PENDING and not stale:
            return None
        if Channel.EMAIL not in n.channels or not email_wanted(n.recipient, n.kind):
            n.state, n.sent_at = State.SENT, timezone.now()
            n.save(update_fields=["state", "sent_at", "updated"])
            return None
        n.state = State.SENDING
        n.attempts += 1
        n.save(update_fields=["state", "attempts", "updated"])
        return n


def finish(notification: Notification, *, error: Exception | None, transient: bool) -> float | None:
    """Record the outcome. Returns a retry delay when a transient error should be retried."""
    n = notification
    if error is None:
        n.state, n.sent_at, n.last_error, n.next_attempt_at = State.SENT, timezone.now(), "", None
        n.save(update_fields=["state", "sent_at", "last_error", "next_attempt_at", "updated"])
        return None
    n.last_error = str(error)[:2000]
    if transient and n.attempts < MAX_ATTEMPTS:
        delay = backoff_seconds(n.attempts)
        n.state, n.next_attempt_at = State.PENDING, timezone.now() + timedelta(seconds=delay)
        n.save(update_fields=["state", "last_error", "next_attempt_at", "updated"])
        return delay
    n.state, n.next_attempt_at = State.FAILED, None
    n.save(update_fields=["state", "last_error", "next_attempt_at", "updated"])
    logger.warning("notification %s failed for good after %s attempts", n.pk, n.attempts)
    return None


def due_for_dispatch(now=None):
    """Rows the sweeper should (re-)queue: pending and due, or stuck in sending."""
    now = now or timezone.now()
    pending = Notification.objects.filter(state=State.PENDING, created__lt=now - DISPATCH_GRACE)
    pending = pending.filter(next_attempt_at__isnull=True) | pending.filter(
        next_attempt_at__lte=now)
    stuck = Notification.objects.filter(state=State.SENDING, updated__lt=now - stuck_after())
    return (pending | stuck).order_by("created").values_list("pk", flat=True)


def resend(*, notification: Notification, actor) -> None:
    """Put a failed notification back in the queue (staff action from the outbox page)."""
    from creaconnect.core import audit

    with transaction.atomic():
        n = Notification.objects.select_for_update().get(pk=notification.pk)
        if n.state != State.FAILED:
            return
        n.state, n.attempts, n.next_attempt_at = State.PENDING, 0, None
        n.save(update_fields=["state", "attempts", "next_attempt_at", "updated"])
        audit.record(actor=actor, action="notification.resent", target=n,
                     data={"hub_id": n.hub_id, "kind": n.kind})
        transaction.on_commit(lambda: dispatch(n.pk))


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True,
                                       channels__contains=[Channel.INAPP]).count()


def inbox_for_user(user):
    return Notification.objects.filter(recipient=user, channels__contains=[Channel.INAPP])


def set_email_preferences(*, user, actor, wanted: set[str]) -> None:
    """Store which kinds ``user`` wants by e-mail: every registered kind that can be turned
    off is on exactly when its key is in ``wanted``. A personal setting, so not audited."""
    if actor != user:
        raise PermissionError("People change only their own notification settings.")
    with transaction.atomic():
        for kind in kinds.KINDS.values():
            if kind.always_on:
                continue
            Preference.objects.update_or_create(
                user=user, kind=kind.key, defaults={"email_enabled": kind.key in wanted})


def mark_read(*, user, notification_id: int | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
