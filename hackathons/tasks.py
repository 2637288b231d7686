"""Periodic reminders (Celery beat). Idempotent: each reminder has a ``dedup_key``, so a
second run, or a second beat, sends nothing new."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from creaconnect.core.i18n_content import Localised, LocalisedDate
from creaconnect.notifications.services import notify

from .models import (
    Hackathon,
    HackathonStatus,
    JudgeAssignment,
    Submission,
    SubmissionStatus,
    Team,
    TeamMembership,
    TeamStatus,
)

logger = logging.getLogger(__name__)

SUBMISSION_REMINDER_BEFORE = timedelta(hours=24)
JUDGING_REMINDER_BEFORE = timedelta(hours=48)


def remind_submissions(now=None) -> int:
    """Members of locked teams without a submitted submission, 24 h before their deadline
    (the hackathon's, or the team's extension)."""
    now = now or timezone.now()
    sent = 0
    # A beat job spans every hub by nature.
    with scopes_disabled(), transaction.atomic():
        hackathons = Hackathon.objects.filter(status=HackathonStatus.RUNNING).select_related("hub")
        for hackathon in hackathons:
            teams = Team.objects.filter(hackathon=hackathon, status=TeamStatus.LOCKED)
            subs = {s.team_id: s for s in Submission.objects.filter(hackathon=hackathon)}
            members = {}
            for m in TeamMembership.objects.filter(hackathon=hackathon).select_related("user"):
                members.setdefault(m.team_id, []).append(m.user)
            for team in teams:
                sub = subs.get(team.pk)
                if sub is not None and sub.status == SubmissionStatus.SUBMITTED:
                    continue
                deadline = sub.deadline() if sub else hackathon.submission_deadline
                if not now < deadline <= now + SUBMISSION_REMINDER_BEFORE:
                    continue
                url = reverse("hackathons:submission",
                              kwargs={"slug": hackathon.slug, "pk": team.pk})
                for user in members.get(team.pk, []):
                    n = notify(user=user, kind="hackathon.submission_reminder", hub=hackathon.hub,
                               url=url, context={"hackathon": Localised(hackathon, "title"),
                                                 "team": team.name,
                                                 "deadline": LocalisedDate(deadline)},
                               dedup_key=f"hackathon.submission_reminder:{team.pk}:"
                                         f"{user.pk}:{deadline:%Y%m%d%H%M}")
                    sent += n is not None
    return sent


def remind_judges(now=None) -> int:
    """Judges with unscored assignments, 48 h before judging closes (once per hackathon)."""
    now = now or timezone.now()
    sent = 0
    with scopes_disabled(), transaction.atomic():  # a beat job spans every hub by nature
        hackathons = Hackathon.objects.filter(
            status=HackathonStatus.JUDGING, judging_closes__gt=now,
            judging_closes__lte=now + JUDGING_REMINDER_BEFORE).select_related("hub")
        for hackathon in hackathons:
            todo = {}
            for a in JudgeAssignment.objects.filter(hackathon=hackathon, scored_at__isnull=True
                                                    ).select_related("judge"):
                todo.setdefault(a.judge_id, [a.judge, 0])[1] += 1
            for judge, count in todo.values():
                n = notify(user=judge, kind="hackathon.judging_reminder", hub=hackathon.hub,
                           url=reverse("hackathons:judge_queue"),
                           context={"hackathon": Localised(hackathon, "title"), "count": count,
                                    "closes": LocalisedDate(hackathon.judging_closes)},
                           dedup_key=f"hackathon.judging_reminder:{hackathon.pk}:{judge.pk}")
                sent += n is not None
    return sent


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def task_remind_submission_deadline():
    sent = remind_submissions()
    logger.info("submission reminders written: %s", sent)
    return sent


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def task_remind_judges():
    sent = remind_judges()
    logger.info("judging reminders written: %s", sent)
    return sent
