"""Beat jobs of the calls side (``programme.tasks`` imports them so Celery finds them)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from creaconnect.core.i18n_content import Localised, LocalisedDate
from creaconnect.notifications.services import notify

from .models import Application, ApplicationState, CallStatus

logger = logging.getLogger(__name__)

DRAFT_REMINDER_BEFORE = timedelta(hours=48)


@shared_task(acks_late=True, time_limit=300, soft_time_limit=270)
def task_remind_draft_applications():
    """Remind applicants whose draft is unsubmitted 48 h before their call closes.

    Once per person and deadline: the dedup key holds the call's closing time, so moving
    the deadline sends a new reminder and re-running the job sends nothing twice.
    """
    now = timezone.now()
    # A programme-wide job: it walks every hub's calls.
    with scopes_disabled():
        drafts = (Application.objects.filter(
            state=ApplicationState.DRAFT, call__status=CallStatus.PUBLISHED,
            call__closes_at__gt=now, call__closes_at__lte=now + DRAFT_REMINDER_BEFORE)
            .select_related("call__hub", "applicant"))
        sent = 0
        for application in drafts.iterator(chunk_size=500):
            call = application.call
            note = notify(
                user=application.applicant, kind="programme.application.draft_reminder",
                hub=call.hub, url=reverse("programme:apply", kwargs={"slug": call.slug}),
                context={"call": Localised(call, "title"),
                         "closes": LocalisedDate(call.closes_at)},
                dedup_key=f"draft-reminder:{application.pk}:{call.closes_at:%Y%m%d%H%M}",
            )
            sent += note is not None
    logger.info("draft reminders sent: %s", sent)
    return sent


@shared_task(acks_late=True, time_limit=300, soft_time_limit=270)
def task_remind_review_rounds():
    """Remind reviewers with unfinished work in a round whose deadline is near (once per
    reviewer, round and deadline): :func:`~.services.review_results.remind_review_rounds`."""
    from .services.review_results import remind_review_rounds

    sent = remind_review_rounds()
    logger.info("review round reminders sent: %s", sent)
    return sent
