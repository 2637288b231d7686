from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def task_render_report(report_id: int):
    """Render one report; a second run of the same id does nothing."""
    return services.run_report(report_id)


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def task_requeue_stale_reports():
    return services.requeue_stale()
