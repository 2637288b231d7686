"""The application state machine and everything an applicant does.

``APPLICATION`` is the table of legal moves and ``_move`` the one place that applies one. Each
move has its service below: it locks the row, moves, writes an audit entry and queues
notifications in the same transaction. Views ask ``APPLICATION.allowed(state)`` (or ``can``)
which moves to offer.
"""

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from creaconnect.core import audit, savemarks
from creaconnect.core.i18n_content import Localised, localised
from creaconnect.core.states import StateMachine
from creaconnect.notifications.services import notify

from ..models import (
    Answer,
    Application,
    Call,
    CoApplicant,
    Question,
    QuestionKind,
)
from ..models import (
    ApplicationState as S,
)

APPLICATION = StateMachine(S, {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN},
    S.WAITLISTED: {S.ACCEPTED, S.REJECTED},
    S.ACCEPTED: {S.CONFIRMED, S.DECLINED},
    S.REJECTED: set(),
    # A withdrawn application can be reopened as a draft while its call is open (the one
    # application per person and call stays the same row, answers kept).
    S.WITHDRAWN: {S.DRAFT},
    S.CONFIRMED: set(),
    S.DECLINED: set(),
})
DECISIONS = (S.ACCEPTED, S.WAITLISTED, S.REJECTED)


# Kinds whose answer is kept as typed when it does not pass its checks yet, with the
# longest text kept (the widths of the answer fields).
KEPT_AS_TYPED = {QuestionKind.SHORT_TEXT: 300, QuestionKind.LONG_TEXT: 20000,
                 QuestionKind.NUMBER: 40, QuestionKind.URL: 500}


class ApplicationError(Exception):
    """A move the rules refuse; the message is shown to the person who tried it."""


def _move(application: Application, target: str) -> None:
    """Apply one move to the locked ``application`` (the caller saves it), or refuse it with
    a sentence for the person who tried."""
    if not APPLICATION.can(application.state, target):
        raise ApplicationError(
            _("An application that is “%(state)s” cannot become “%(target)s”.")
            % {"state": application.get_state_display(), "target": S(target).label})
    application.state = target


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("call__hub").get(
        pk=application.pk)


def applications_for_user(user):
    """The person's applications in every hub (their own data, across hubs), and the joint
    applications they joined as co-applicant (marked ``is_co_applicant``)."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        own = list(Application.objects.filter(applicant=user)
                   .select_related("call__hub", "call__cohort"))
        joint = list(Application.objects.filter(co_applicants__user=user,
                                                co_applicants__accepted_at__isnull=False)
                     .exclude(applicant=user).distinct()
                     .select_related("call__hub", "call__cohort", "applicant"))
    for application in joint:
        application.is_co_applicant = True
    return sorted(own + joint, key=lambda a: a.created, reverse=True)


def is_co_applicant(application: Application, user) -> bool:
    """``user`` accepted an invitation to ``application``."""
    return bool(user.is_authenticated) and application.co_applicants.filter(
        user=user, accepted_at__isnull=False).exists()


def application_for_person(*, call: Call, user) -> Application | None:
    """The application ``user`` works on for ``call``: their own, else a joint one they
    joined as co-applicant."""
    own = Application.objects.filter(call=call, applicant=user).first()
    if own is not None:
        return own
    return Application.objects.filter(call=call, co_applicants__user=user,
                                      co_applicants__accepted_at__isnull=False).first()


def can_edit(application: Application, user) -> bool:
    """The applicant and their co-applicants edit the answers while it is a draft."""
    return application.applicant_id == user.pk or is_co_applicant(application, user)


def start_application(*, call: Call, user) -> Application:
    """The person's application to ``call`` (created as a draft the first time).

    A withdrawn application is reopened as a draft while the call is open: there is one
    application per person and call, so applying again means taking the same one back up.
    Race-safe: two simultaneous starts meet the unique constraint; the loser reads the row.
    """
    existing = Application.objects.filter(call=call, applicant=user).first()
    if existing:
        if existing.state == S.WITHDRAWN and call.is_open:
            return reopen_application(application=existing, actor=user)
        return existing
    if not call.is_open:
        raise ApplicationError(_("This call is not open for applications."))
    try:
        with transaction.atomic():
            application = Application.objects.create(call=call, applicant=user)
            audit.record(actor=user, action="application.started", target=application,
                         hub=call.hub)
            return application
    except IntegrityError:
        return Application.objects.get(call=call, applicant=user)


def steps_of(call: Call) -> list[int]:
    return sorted(set(call.questions.values_list("step", flat=True))) or [1]


def answers_by_question(application: Application) -> dict[int, Answer]:
    return {a.question_id: a for a in application.answers.all()}


def _put_file(answer: Answer, value) -> bool:
    """Put an uploaded file on a file answer, or clear it; ``False`` when nothing changes."""
    if isinstance(value, UploadedFile):
        if answer.file:
            answer.file.delete(save=False)
        answer.file = value
        return True
    if value is False and answer.file:  # "clear" ticked
        answer.file.delete(save=False)
        answer.file = ""
        return True
    return False


def _put_value(answer: Answer, value) -> bool:
    """Put a typed value on an answer; ``False`` when nothing changes (or nothing to keep)."""
    if isinstance(value, Decimal):
        value = str(value)
    if value in ("", [], None) and answer.pk is None:
        return False
    if answer.value == value:
        return False
    answer.value = value
    return True


def save_answers(*, application: Application, form, actor, client: str = "",
                 seq: int | None = None) -> int:
    """Store the answers of a checked answer form; returns how many changed.

    Valid answers are stored cleaned. A typed answer that is not valid yet (a half-typed web
    address, a number with a stray letter, a text over its word limit) is kept as typed, so
    a draft never loses what the person wrote: ``invalid_answers`` flags it again and
    submission refuses it until it is corrected. Only drafts can change, and only by their
    applicant and co-applicants.

    ``client`` and ``seq`` (the browser's session digest and its clock in ms, sent with
    every save) keep a client's saves in the client's order: a save that arrives after a
    newer one from the same client (autosaves overtaking each other) changes nothing.
    """
    if not can_edit(application, actor):
        raise ApplicationError(_("Only the applicants can edit this application."))
    with transaction.atomic():
        application = _locked(application)
        if application.state != S.DRAFT:
            raise ApplicationError(_("This application was submitted and can no longer be "
                                     "changed."))
        if savemarks.is_stale(application, client=client, seq=seq):
            return 0
        existing = answers_by_question(application)
        changed = 0
        errors = form.errors
        for name, field in form.fields.items():
            question: Question = field.question
            if name in errors:
                if question.kind not in KEPT_AS_TYPED:
                    continue
                value = str(form.data.get(name) or "").strip()[:KEPT_AS_TYPED[question.kind]]
            else:
                value = form.cleaned_data.get(name)
            answer = existing.get(question.pk) or Answer(application=application,
                                                         question=question)
            put = _put_file if question.kind == "file" else _put_value
            if not put(answer, value):
                continue
            answer.save()
            changed += 1
        if form.fields:
            title = _title_from(form)
            if title and title != application.project_title:
                application.project_title = title[:200]
        application.save(update_fields=["project_title", "updated"])
    return changed


def invalid_answers(application: Application) -> list[Question]:
    """Questions whose stored draft answer would not pass the question's checks (kept as
    typed by ``save_answers``)."""
    from django.core.exceptions import ValidationError

    from ..forms import field_for

    invalid = []
    for answer in application.answers.select_related("question"):
        question = answer.question
        if question.kind not in KEPT_AS_TYPED or not answer.is_filled:
            continue
        try:
            field_for(question).clean(answer.value)
        except ValidationError:
            invalid.append(question)
    return sorted(invalid, key=lambda q: (q.step, q.order, q.pk))


def _title_from(form) -> str:
    """The first short-text answer of step 1 names the project (shown in tables)."""
    for name, field in form.fields.items():
        if field.question.kind == "short_text" and field.question.step == 1:
            return (form.cleaned_data.get(name) or "").strip()
    return ""


def missing_questions(application: Application) -> list[Question]:
    filled = {a.question_id for a in application.answers.all() if a.is_filled}
    return [q for q in application.call.questions.all() if q.required and q.pk not in filled]


def submit_application(*, application: Application, actor) -> Application:
    with transaction.atomic():
        application = _locked(application)
        if application.applicant_id != actor.pk:
            raise ApplicationError(_("Only the applicant can submit this application."))
        _move(application, S.SUBMITTED)
        call = application.call
        if not call.is_open:
            raise ApplicationError(_("This call is closed: applications can no longer be "
                                     "submitted."))
        missing = missing_questions(application)
        if missing:
            raise ApplicationError(_("Some required questions are not answered yet: %(list)s")
                                   % {"list": "; ".join(localised(q, "label") for q in missing)})
        invalid = invalid_answers(application)
        if invalid:
            raise ApplicationError(
                _("Some answers are not valid yet; please correct them: %(list)s")
                % {"list": "; ".join(localised(q, "label") for q in invalid)})
        application.submitted_at = timezone.now()
        application.save(update_fields=["state", "submitted_at", "updated"])
        audit.record(actor=actor, action="application.submitted", target=application,
                     hub=call.hub)
        notify(user=actor, kind="programme.application.submitted", hub=call.hub,
               url=reverse("accounts:dashboard"),
               context={"call": Localised(call, "title"), "hub": call.hub.name,
                        "closes": call.closes_at.isoformat()})
    return application


def withdraw_application(*, application: Application, actor) -> Application:
    with transaction.atomic():
        application = _locked(application)
        if application.applicant_id != actor.pk:
            raise ApplicationError(_("Only the applicant can withdraw this application."))
        _move(application, S.WITHDRAWN)
        application.save(update_fields=["state", "updated"])
        audit.record(actor=actor, action="application.withdrawn", target=application,
                     hub=application.call.hub)
    return application


def reopen_application(*, application: Application, actor) -> Application:
    """Take a withdrawn application back up as a draft, its answers kept.

    Only while the call is open; the applicant submits it again like any draft.
    """
    with transaction.atomic():
        application = _locked(application)
        if application.applicant_id != actor.pk:
            raise ApplicationError(_("Only the applicant can reopen this application."))
        _move(application, S.DRAFT)
        if not application.call.is_open:
            raise ApplicationError(_("This call is closed: a withdrawn application can no "
                                     "longer be reopened."))
        application.submitted_at = None
        application.save(update_fields=["state", "submitted_at", "updated"])
        audit.record(actor=actor, action="application.reopened", target=application,
                     hub=application.call.hub)
    return application


def render_message(template: str, application: Application) -> str:
    """Fill the placeholders of a decision message; unknown ones are left as typed."""

    class Safe(dict):
        def __missing__(self, key):
            return "{" + key + "}"

    values = Safe(name=str(application.applicant), project=application.project_title or "",
                  call=application.call.title, hub=application.call.hub.name)
    try:
        return template.format_map(values)
    except (ValueError, IndexError):
        return template


def split_for_decision(applications, decision: str
                       ) -> tuple[list[Application], list[tuple[Application, str]]]:
    """Which of ``applications`` can take ``decision`` now, and why the others cannot.

    Used by the bulk preview so that it announces only what will happen.
    """
    can, cannot = [], []
    for application in applications:
        if APPLICATION.can(application.state, decision):
            can.append(application)
        else:
            cannot.append((application, _("it is “%(state)s”, which cannot become “%(target)s”")
                           % {"state": application.get_state_display(),
                              "target": S(decision).label}))
    return can, cannot


def decide_application(*, application: Application, decision: str, message: str, actor
                       ) -> Application:
    """Accept, waitlist or reject; the applicant is notified with the message."""
    if decision not in DECISIONS:
        raise ApplicationError(_("Unknown decision."))
    with transaction.atomic():
        application = _locked(application)
        _move(application, decision)
        call = application.call
        application.decided_at = timezone.now()
        application.decision_message = render_message(message, application)
        fields = ["state", "decided_at", "decision_message", "updated"]
        if decision == S.WAITLISTED:
            top = Application.objects.filter(call=call).aggregate(m=Max("waitlist_rank"))["m"]
            application.waitlist_rank = (top or 0) + 1
            fields.append("waitlist_rank")
        application.save(update_fields=fields)
        audit.record(actor=actor, action="application.decided", target=application,
                     hub=call.hub, data={"decision": decision})
        # Reviewers' comments staff ticked, anonymised ("Reviewer 1"…) in the template.
        from .review_rounds import feedback_for

        notify(user=application.applicant, kind=f"programme.application.{decision}",
               hub=call.hub, url=reverse("accounts:dashboard"),
               context={"call": Localised(call, "title"), "hub": call.hub.name,
                        "message": application.decision_message,
                        "feedback": feedback_for(application)})
    return application


# How a confirmed place becomes a seat in the call's cohort: a callable
# ``(*, application, cohort) -> member``, run inside ``confirm_place``'s transaction. The
# cohorts side registers it (``programme.cohorts.providers``): calls never imports cohorts.
place_takers: list[Callable] = []


def _take_seat(application: Application, cohort):
    if not place_takers:
        raise ImproperlyConfigured("No place taker registered (programme.cohorts.providers).")
    return place_takers[0](application=application, cohort=cohort)


def confirm_place(*, application: Application, actor):
    """The accepted applicant takes the place and joins the call's cohort (returns the
    cohort member made by the registered place taker)."""
    with transaction.atomic():
        application = _locked(application)
        if application.applicant_id != actor.pk:
            raise ApplicationError(_("Only the applicant can confirm this place."))
        _move(application, S.CONFIRMED)
        cohort = application.call.cohort
        if cohort is None:
            raise ApplicationError(_("This call has no cohort yet; the hub will contact you."))
        application.save(update_fields=["state", "updated"])
        member = _take_seat(application, cohort)
        audit.record(actor=actor, action="application.confirmed", target=application,
                     hub=application.call.hub)
        notify(user=actor, kind="programme.application.welcome", hub=application.call.hub,
               url=reverse("accounts:dashboard"),
               context={"cohort": cohort.name, "hub": application.call.hub.name})
    return member


def decline_place(*, application: Application, actor) -> Application | None:
    """Decline an accepted place; the first on the waiting list moves up.

    Returns the promoted application, if any.
    """
    with transaction.atomic():
        application = _locked(application)
        if application.applicant_id != actor.pk:
            raise ApplicationError(_("Only the applicant can decline this place."))
        _move(application, S.DECLINED)
        application.save(update_fields=["state", "updated"])
        audit.record(actor=actor, action="application.declined", target=application,
                     hub=application.call.hub)
        promoted = (Application.objects.select_for_update()
                    .filter(call=application.call, state=S.WAITLISTED)
                    .order_by("waitlist_rank", "submitted_at").first())
        if promoted is None:
            return None
        return decide_application(application=promoted, decision=S.ACCEPTED,
                                  message=_("A place has become free and it is yours, {name}. "
                                            "Please confirm it from your dashboard."),
                                  actor=None)


def invite_co_applicant(*, application: Application, email: str, actor) -> CoApplicant:
    if application.applicant_id != actor.pk or application.state != S.DRAFT:
        raise ApplicationError(_("Co-applicants can be invited to your draft only."))
    email = email.strip().lower()
    if email == actor.email.lower():
        raise ApplicationError(_("You are already the main applicant."))
    try:
        with transaction.atomic():
            co = CoApplicant.objects.create(application=application, email=email)
            audit.record(actor=actor, action="application.co_applicant_invited",
                         target=application, hub=application.call.hub, data={"email": email})
            notify(email=email, kind="programme.application.co_applicant", hub=application.call.hub,
                   url=reverse("programme:co_applicant", kwargs={"token": co.token}),
                   context={"inviter": str(actor), "call": Localised(application.call, "title"),
                            "project": application.project_title or ""})
    except IntegrityError as exc:
        raise ApplicationError(_("%(email)s is already invited.") % {"email": email}) from exc
    return co


def accept_co_application(*, co: CoApplicant, user) -> CoApplicant:
    with transaction.atomic():
        co = CoApplicant.objects.select_for_update().get(pk=co.pk)
        if co.accepted_at:
            raise ApplicationError(_("This invitation has already been used."))
        if co.email.lower() != user.email.lower():
            raise ApplicationError(_("This invitation was sent to another e-mail address."))
        co.user, co.accepted_at = user, timezone.now()
        co.save(update_fields=["user", "accepted_at"])
        audit.record(actor=user, action="application.co_applicant_joined",
                     target=co.application, hub=co.application.call.hub)
    return co
