"""Scale data for the surveys: every past training session of the scale data has its
satisfaction survey, sent to the people present, answered by about 60 % of them. Bulk
inserts, a few hundred sessions at a time; idempotent (skips when the scale sessions already
have surveys). Rows are built by the app's factories."""

import random
from datetime import timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F
from django.utils import timezone

from programme.models import SessionSignup, TrainingSession

from .factories import (
    AnswerFactory,
    InvitationFactory,
    QuestionFactory,
    ResponseFactory,
    SurveyFactory,
)
from .models import (
    DEFAULT_QUESTIONS,
    ActivityKind,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyState,
)
from .services import OPEN_FOR

CHUNK = 300


def _invitation(survey, user_id):
    invitation = InvitationFactory.build(survey=survey, user=None)
    invitation.user_id = user_id  # the id alone: no user row read per person asked
    return invitation


def _chunk(sessions, rng, now) -> tuple[int, int]:
    surveys = Survey.objects.bulk_create([
        SurveyFactory.build(hub=s.cohort.hub, kind=ActivityKind.SESSION, session=s,
                            title=s.title, activity_ended_at=s.ends, state=SurveyState.CLOSED,
                            sent_at=s.ends, closes_at=s.ends + OPEN_FOR) for s in sessions])
    by_session = {s.session_id: s for s in surveys}
    questions = Question.objects.bulk_create([
        QuestionFactory.build(survey=survey, position=n, kind=kind, key=key, text="")
        for survey in surveys for n, (key, kind, _text) in enumerate(DEFAULT_QUESTIONS)])
    q_by_survey: dict[int, list] = {}
    for q in questions:
        q_by_survey.setdefault(q.survey_id, []).append(q)
    people = (SessionSignup.objects.filter(session__in=sessions).exclude(attended=False)
              .values_list("session_id", "member__user_id").distinct())
    invitations = Invitation.objects.bulk_create(
        [_invitation(by_session[sid], uid) for sid, uid in people],
        batch_size=5000)
    answering = [i for i in invitations if rng.random() < 0.6]
    responses = Response.objects.bulk_create(
        [ResponseFactory.build(invitation=i, survey=i.survey) for i in answering],
        batch_size=5000)
    answers = []
    for r in responses:
        for q in q_by_survey[r.survey_id]:
            if q.kind == QuestionKind.LIKERT:
                answers.append(AnswerFactory.build(
                    response=r, question=q,
                    score=rng.choices((1, 2, 3, 4, 5), (1, 2, 5, 9, 6))[0]))
            elif rng.random() < 0.3:
                answers.append(AnswerFactory.build(response=r, question=q, score=None,
                                                   text="Useful and well run."))
    Answer.objects.bulk_create(answers, batch_size=10000)
    Invitation.objects.filter(pk__in=[i.pk for i in answering]).update(answered_at=now)
    return len(invitations), len(responses)


def seed(factor, log):
    if Survey.objects.filter(session__cohort__slug__startswith="scale-").exists():
        log("survey scale data already there")
        return
    rng = random.Random(16)
    now = timezone.now()
    ends = ExpressionWrapper(F("starts_at") + F("duration_minutes") * timedelta(minutes=1),
                             output_field=DateTimeField())
    sessions = list(TrainingSession.objects.filter(cohort__slug__startswith="scale-",
                                                   starts_at__lt=now - timedelta(days=1))
                    .annotate(ends=ends).select_related("cohort").order_by("pk"))
    asked = answered = 0
    for start in range(0, len(sessions), CHUNK):
        a, r = _chunk(sessions[start:start + CHUNK], rng, now)
        asked, answered = asked + a, answered + r
    log(f"{len(sessions)} session surveys, {asked} people asked, {answered} responses")
