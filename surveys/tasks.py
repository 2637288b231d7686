"""The survey job; beat runs ``task_run_surveys`` every hour."""

from celery import shared_task

from .services import run_surveys


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def task_run_surveys():
    """Send the surveys of activities that just ended, the one reminder, and close the
    surveys past their end. A second run does nothing (states and dedup keys)."""
    return run_surveys()
