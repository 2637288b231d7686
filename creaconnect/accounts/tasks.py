from celery import shared_task

from . import privacy_services


@shared_task(acks_late=True, time_limit=900, soft_time_limit=840)
def task_build_export(export_id: int):
    """Build one personal data export; a second run of the same id does nothing."""
    return privacy_services.run_export(export_id)


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def task_apply_retention():
    """Remove what is past its retention period (periods in settings, RETENTION_*)."""
    return privacy_services.apply_retention()
