"""Demo satisfaction surveys, so the console pages and the indicators are not empty: the
past training sessions with the most people present (their results hidden: fewer than
five answers) and every hackathon with published
results get a survey, answered by most of the people asked (ratings leaning to good, a few
comments). The demo participant is left one open survey to answer, on their dashboard.

Idempotent: a survey is found by its activity; answers are written only for a new survey.
Comments are our own, written for the demo.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from programme.models import TrainingSession

from . import sources
from .models import (
    Answer,
    Invitation,
    QuestionKind,
    Response,
    Survey,
    SurveyState,
)
from .services import OPEN_FOR, create_survey_for

COMMENTS = (
    "Keep the practical exercises; the second half went a bit fast.",
    "Meeting people from the other hubs was the best part.",
    "More time for questions at the end, please.",
    "Very well prepared. The examples from real projects helped a lot.",
    "The room was too small for the group, but the content was excellent.",
    "I would love a follow-up session on funding.",
    "Clear, friendly and useful. Thank you!",
)
DEMO_PARTICIPANT = "participant@creaconnect.test"


def _answer(survey, invitations, rng, now):
    questions = list(survey.questions.all())
    for n, invitation in enumerate(invitations):
        response = Response.objects.create(invitation=invitation, survey=survey)
        answers = []
        for q in questions:
            if q.kind == QuestionKind.LIKERT:
                answers.append(Answer(response=response, question=q,
                                      score=rng.choices((2, 3, 4, 5), (1, 3, 6, 5))[0]))
            elif n % 2 == 0:
                answers.append(Answer(response=response, question=q,
                                      text=COMMENTS[(n + survey.pk) % len(COMMENTS)]))
        Answer.objects.bulk_create(answers)
        invitation.answered_at = now - timedelta(days=rng.randint(0, 3))
        invitation.save(update_fields=["answered_at"])


def _survey(activity, rng, now, *, keep_open: bool, fewest: int = 5):
    existing = Survey.objects.filter(**{activity.kind: activity.obj}).first()
    if existing is not None or len(activity.participant_ids) < fewest:
        return None
    survey = create_survey_for(activity)
    sent = min(activity.ended_at + timedelta(hours=2), now)
    survey.sent_at = sent
    survey.closes_at = now + timedelta(days=5) if keep_open else sent + OPEN_FOR
    survey.state = SurveyState.OPEN if keep_open else SurveyState.CLOSED
    survey.save(update_fields=["sent_at", "closes_at", "state"])
    Invitation.objects.bulk_create(Invitation(survey=survey, user_id=uid)
                                   for uid in sorted(set(activity.participant_ids)))
    invitations = list(survey.invitations.exclude(user__email=DEMO_PARTICIPANT)
                       .order_by("pk"))
    answering = invitations[:max(fewest, round(len(invitations) * 0.75))]
    _answer(survey, answering, rng, now)
    Invitation.objects.filter(survey=survey, answered_at__isnull=True).update(
        reminded_at=sent + timedelta(days=4))
    return survey


def seed(log):
    rng = random.Random(16)
    now = timezone.now()
    made = 0
    sessions = (TrainingSession.objects.filter(starts_at__lt=now - timedelta(hours=4))
                .annotate(present=Count("signups", filter=~Q(signups__attended=False)))
                .filter(present__gte=3).order_by("-present", "pk")[:4])
    for session in sessions:
        activity = sources.Activity("session", session, session.cohort.hub, session.title,
                                    session.starts_at + timedelta(
                                        minutes=session.duration_minutes),
                                    sources.session_participants(session.pk))
        # Small demo sessions: their results stay hidden (under five responses), as they would.
        made += _survey(activity, rng, now, keep_open=False, fewest=3) is not None
    from hackathons import queries as hackathon_queries

    for hackathon in hackathon_queries.hackathons_with_results():
        activity = sources.Activity("hackathon", hackathon, hackathon.hub, hackathon.title,
                                    hackathon.results_published_at,
                                    hackathon_queries.participant_ids(hackathon.pk))
        made += _survey(activity, rng, now, keep_open=True) is not None
    participant = get_user_model().objects.filter(email=DEMO_PARTICIPANT).first()
    open_for_participant = participant is not None and Invitation.objects.filter(
        user=participant, answered_at__isnull=True, survey__state=SurveyState.OPEN).exists()
    log(f"{Survey.objects.count()} satisfaction surveys ({made} new) with answers"
        + (" (one open for the demo participant)" if open_for_participant else ""))
