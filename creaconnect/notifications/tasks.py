"""Celery tasks of the outbox. Tasks take ids and are safe to run twice."""

import logging
import smtplib

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=services.MAX_ATTEMPTS,
             time_limit=120, soft_time_limit=100)
def task_send_notification(self, notification_id: int):
    """Send one notification, exactly once: the row is claimed under a lock first."""
    notification = services.claim(notification_id)
    if notification is None:
        return "skipped"
    try:
        services.deliver(notification)
    except services.TransientSendError as exc:
        delay = services.finish(notification, error=exc, transient=True)
        if delay is None:
            return "failed"
        services.dispatch(notification.pk, countdown=delay)
        return "retry"
    except (smtplib.SMTPException, ValueError) as exc:
        services.finish(notification, error=exc, transient=False)
        return "failed"
    services.finish(notification, error=None, transient=False)
    return "sent"


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def task_sweep_outbox(limit: int = 5000):
    """Re-queue rows left pending (broker outage, retry due) or stuck in sending."""
    count = 0
    for pk in services.due_for_dispatch()[:limit]:
        if not services.dispatch(pk):
            break
        count += 1
    if count:
        logger.info("outbox sweeper queued %s notifications", count)
    return count


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def task_send_batch(notification_ids: list[int]):
    """Send a batch of an announcement over one SMTP connection; rows already sent (a second
    run, the sweeper) are skipped by the claim."""
    from .announcements import send_batch

    return send_batch(notification_ids)
