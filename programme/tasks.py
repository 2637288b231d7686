"""Programme tasks, found here by Celery's autodiscovery: each sub-package writes its own."""

from .calls.tasks import task_remind_draft_applications, task_remind_review_rounds
from .cohorts.tasks import task_send_office_hours_reminders, task_send_session_reminders

__all__ = ["task_remind_draft_applications", "task_remind_review_rounds",
           "task_send_office_hours_reminders", "task_send_session_reminders"]
