"""Satisfaction surveys: preparing one, sending it when its activity ends, the one reminder,
closing, and answering.

Race safety: a survey is sent under a lock on its row (a second job run finds it open and
does nothing); invitations are unique per person and survey, and each e-mail carries a dedup
key, so no one is asked twice. An answer locks the person's invitation row before it checks
that it is unanswered, and ``Response`` is one-to-one with the invitation: two submissions at
once give one response and a clear message for the other.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from creaconnect.core import audit
from creaconnect.core.i18n_content import LocalisedDate
from creaconnect.core.states import StateMachine
from creaconnect.notifications.services import notify

from . import sources
from .models import (
    DEFAULT_QUESTIONS,
    LIKERT_MAX,
    LIKERT_MIN,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyState,
)

# Only activities that ended this recently are surveyed (the job runs hourly; a longer
# window would survey old activities the day the feature is switched on).
SEND_WITHIN = timedelta(days=7)
REMIND_AFTER = timedelta(days=4)  # one reminder, this long after the invitation
OPEN_FOR = timedelta(days=14)  # then the survey closes
MAX_EXTRA_QUESTIONS = 8

SURVEY = StateMachine(SurveyState, {
    SurveyState.DRAFT: {SurveyState.OPEN},
    SurveyState.OPEN: {SurveyState.CLOSED},
    SurveyState.CLOSED: set(),
})


class SurveyError(Exception):
    """A move the rules refuse; the message is shown to the person."""


def _context(survey) -> dict:
    return {"activity": survey.title, "kind": survey.get_kind_display(),
            "until": LocalisedDate(survey.closes_at)}


# --- preparing (hub staff) -----------------------------------------------------------------

def create_survey_for(activity, *, state=SurveyState.DRAFT) -> Survey:
    """A draft survey of ``activity`` with the default questions (the caller holds the
    transaction; the unique constraint refuses a second survey of one activity)."""
    survey = Survey.objects.create(hub=activity.hub, kind=activity.kind, title=activity.title,
                                   activity_ended_at=activity.ended_at, state=state,
                                   **{activity.kind: activity.obj})
    Question.objects.bulk_create(
        Question(survey=survey, position=n, kind=kind, key=key)
        for n, (key, kind, _text) in enumerate(DEFAULT_QUESTIONS))
    return survey


def prepare_survey(*, activity, actor) -> Survey:
    """The draft survey of an activity that has not ended yet (the existing one if any), with
    the default questions; staff then add their own."""
    with transaction.atomic():
        existing = Survey.objects.filter(**{activity.kind: activity.obj}).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                survey = create_survey_for(activity)
        except IntegrityError:  # prepared at the same moment by someone else
            return Survey.objects.get(**{activity.kind: activity.obj})
        audit.record(actor=actor, action="survey.prepared", target=survey, hub=activity.hub,
                     data={"kind": activity.kind})
    return survey


def _editable(survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state != SurveyState.DRAFT:
        raise SurveyError(_("This survey has been sent: its questions can no longer change."))
    return survey


def add_question(*, survey, text: str, kind: str, actor) -> Question:
    text = (text or "").strip()
    if not text:
        raise SurveyError(_("Write the question."))
    if kind not in QuestionKind.values:
        raise SurveyError(_("Choose the kind of answer."))
    with transaction.atomic():
        survey = _editable(survey)
        extra = survey.questions.filter(key="").count()
        if extra >= MAX_EXTRA_QUESTIONS:
            raise SurveyError(_("A survey stays short: at most %(n)s questions of your own.")
                              % {"n": MAX_EXTRA_QUESTIONS})
        last = survey.questions.order_by("-position").values_list("position", flat=True).first()
        question = Question.objects.create(survey=survey, text=text[:300], kind=kind,
                                           position=(last or 0) + 1)
        audit.record(actor=actor, action="survey.question_added", target=survey,
                     hub=survey.hub, data={"question": question.pk})
    return question


def remove_question(*, question, actor) -> None:
    if question.is_default:
        raise SurveyError(_("The programme's own questions stay in every survey."))
    with transaction.atomic():
        survey = _editable(question.survey)
        Question.objects.filter(pk=question.pk, survey=survey).delete()
        audit.record(actor=actor, action="survey.question_removed", target=survey,
                     hub=survey.hub, data={"question": question.pk})


# --- the job: send, remind, close ----------------------------------------------------------

def send_survey(*, survey_id: int, participant_ids, now=None) -> int:
    """Open a draft survey and ask every participant; returns the number asked. A survey
    already open or closed is left alone."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("hub").get(pk=survey_id)
        if survey.state != SurveyState.DRAFT:
            return 0
        SURVEY.check(survey.state, SurveyState.OPEN)
        survey.state, survey.sent_at, survey.closes_at = SurveyState.OPEN, now, now + OPEN_FOR
        survey.save(update_fields=["state", "sent_at", "closes_at"])
        Invitation.objects.bulk_create(
            [Invitation(survey=survey, user_id=uid) for uid in sorted(set(participant_ids))],
            ignore_conflicts=True)
        asked = 0
        for invitation in survey.invitations.select_related("user"):
            sent = notify(kind="surveys.invitation", user=invitation.user, hub=survey.hub,
                          url=invitation.get_absolute_url(), context=_context(survey),
                          dedup_key=f"surveys.invitation:{invitation.pk}")
            asked += sent is not None
        audit.record(actor=None, action="survey.sent", target=survey, hub=survey.hub,
                     data={"asked": asked})
    return asked


def open_surveys(*, now=None) -> int:
    """Send the survey of every activity that ended within ``SEND_WITHIN`` and has none sent
    yet (a prepared draft is sent with the staff's questions). Returns surveys sent."""
    now = now or timezone.now()
    sent = 0
    for activity in sources.ended_activities(now=now, within=SEND_WITHIN):
        survey = Survey.objects.filter(**{activity.kind: activity.obj}).first()
        if survey is None:
            try:
                with transaction.atomic():
                    survey = create_survey_for(activity)
            except IntegrityError:  # another run created it a moment ago
                continue
        elif survey.state != SurveyState.DRAFT:
            continue
        if not activity.participant_ids:
            continue  # nobody to ask (yet): a later run sends it once people are there
        if survey.activity_ended_at != activity.ended_at:
            Survey.objects.filter(pk=survey.pk).update(activity_ended_at=activity.ended_at)
        send_survey(survey_id=survey.pk, participant_ids=activity.participant_ids, now=now)
        sent += 1
    return sent


def send_reminders(*, now=None) -> int:
    """One reminder to everyone who has not answered ``REMIND_AFTER`` after being asked,
    while the survey is open. Returns reminders written."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        due = (Invitation.objects.select_for_update(skip_locked=True, of=("self",))
               .filter(answered_at__isnull=True, reminded_at__isnull=True,
                       created__lte=now - REMIND_AFTER, survey__state=SurveyState.OPEN,
                       survey__closes_at__gt=now)
               .select_related("survey__hub", "user"))
        for invitation in due:
            survey = invitation.survey
            written = notify(kind="surveys.reminder", user=invitation.user, hub=survey.hub,
                             url=invitation.get_absolute_url(), context=_context(survey),
                             dedup_key=f"surveys.reminder:{invitation.pk}")
            count += written is not None
        Invitation.objects.filter(pk__in=[i.pk for i in due]).update(reminded_at=now)
    return count


def close_due_surveys(*, now=None) -> int:
    now = now or timezone.now()
    return Survey.objects.filter(state=SurveyState.OPEN, closes_at__lte=now).update(
        state=SurveyState.CLOSED)


def run_surveys(*, now=None) -> dict:
    """The periodic job: send, remind, close. Safe to run twice (a second run does nothing)."""
    # Every hub's surveys: the job has no request scope.
    with scopes_disabled():
        return {"sent": open_surveys(now=now), "reminded": send_reminders(now=now),
                "closed": close_due_surveys(now=now)}


# --- answering (the participant) -----------------------------------------------------------

def invitation_for(user, token: str):
    """The invitation ``token`` names if it is ``user``'s, else None (the page answers 404)."""
    if not user.is_authenticated or not token:
        return None
    # The answer page is the person's own, outside any hub console: the token and the
    # signed-in person together pick one row.
    with scopes_disabled():
        return (Invitation.objects.select_related("survey__hub")
                .filter(token=token, user=user).first())


def is_open(survey, now=None) -> bool:
    now = now or timezone.now()
    return survey.state == SurveyState.OPEN and survey.closes_at and survey.closes_at > now


def _clean_answers(questions, values: dict) -> list[Answer]:
    answers, missing = [], False
    for q in questions:
        raw = (values.get(f"q{q.pk}") or "").strip()
        if q.kind == QuestionKind.LIKERT:
            if not raw:
                missing = True
                continue
            if not raw.isdigit() or not LIKERT_MIN <= int(raw) <= LIKERT_MAX:
                raise SurveyError(_("Choose a rating from 1 to 5."))
            answers.append(Answer(question=q, score=int(raw)))
        elif raw:
            answers.append(Answer(question=q, text=raw[:4000]))
    if missing:
        raise SurveyError(_("Please give a rating for every question; the comment is "
                            "optional."))
    return answers


def submit_response(*, invitation, values: dict, now=None) -> Response:
    """Record ``invitation``'s answers (``values``: ``q<question id>`` → "1".."5" or text).
    Raises SurveyError when the survey is closed, already answered or a rating is missing."""
    now = now or timezone.now()
    with scopes_disabled(), transaction.atomic():
        invitation = (Invitation.objects.select_for_update(of=("self",))
                      .select_related("survey").get(pk=invitation.pk))
        survey = invitation.survey
        if invitation.answered_at is not None:
            raise SurveyError(_("You have already answered this survey. Thank you!"))
        if not is_open(survey, now):
            raise SurveyError(_("This survey is closed."))
        answers = _clean_answers(list(survey.questions.all()), values)
        try:
            with transaction.atomic():
                response = Response.objects.create(invitation=invitation, survey=survey)
        except IntegrityError:
            raise SurveyError(_("You have already answered this survey. Thank you!")) from None
        for answer in answers:
            answer.response = response
        Answer.objects.bulk_create(answers)
        invitation.answered_at = now
        invitation.save(update_fields=["answered_at"])
    return response

