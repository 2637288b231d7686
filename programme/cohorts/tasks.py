"""Periodic jobs of the cohorts side (``programme.tasks`` imports them so Celery finds them);
beat runs ``task_send_session_reminders`` and ``task_send_office_hours_reminders`` every
15 minutes."""

from celery import shared_task
from django_scopes import scopes_disabled

from .services.training import send_session_reminders


@shared_task(acks_late=True, time_limit=300, soft_time_limit=270)
def task_send_session_reminders():
    """Remind people of tomorrow's sessions; a second run sends nothing (dedup keys)."""
    # A sweep over every hub's sessions, by design.
    with scopes_disabled():
        return send_session_reminders()


@shared_task(acks_late=True, time_limit=300, soft_time_limit=270)
def task_send_office_hours_reminders():
    """Remind both sides of tomorrow's office hours; a second run sends nothing."""
    from .services.office_hours_mail import send_office_hours_reminders

    # A sweep over every hub's bookings, by design.
    with scopes_disabled():
        return send_office_hours_reminders()
