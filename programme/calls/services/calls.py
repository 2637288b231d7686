"""Calls: queries for the public and the console, publication moves, the form builder."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_scopes import scopes_disabled

from creaconnect.core import audit
from creaconnect.core.states import StateMachine

from ..models import (
    Answer,
    ApplicationState,
    Call,
    CallStatus,
    Criterion,
    Question,
    Review,
    ReviewScore,
)


class CallError(Exception):
    """A move on a call that the rules refuse; the message is shown to staff."""


# A call's legal status moves; ``_move`` is the one place that applies one (through
# ``publish_call`` and ``close_call``), and the console offers ``CALL.allowed(status)``.
CALL = StateMachine(CallStatus, {
    CallStatus.DRAFT: {CallStatus.PUBLISHED},
    CallStatus.PUBLISHED: {CallStatus.CLOSED},
    CallStatus.CLOSED: set(),
})
REFUSED = {
    CallStatus.PUBLISHED: _lazy("Only a draft call can be published."),
    CallStatus.CLOSED: _lazy("Only a published call can be closed."),
}


def _move(call: Call, to: str, *, actor) -> Call:
    """Check and apply one status move of the locked ``call``; saved and audited."""
    if not CALL.can(call.status, to):
        raise CallError(str(REFUSED[to]))
    call.status = to
    call.save(update_fields=["status"])
    audit.record(actor=actor, action=f"call.{to}", target=call)
    return call


def public_calls(*, hub_slug: str = "", country: str = ""):
    """Published calls of every hub, open ones first (soonest deadline), then closed ones."""
    now = timezone.now()
    # The public list spans hubs by nature.
    with scopes_disabled():
        qs = Call.objects.filter(status__in=[CallStatus.PUBLISHED, CallStatus.CLOSED]) \
            .select_related("hub")
        if hub_slug:
            qs = qs.filter(hub__slug=hub_slug)
        if country:
            qs = qs.filter(hub__country=country)
        calls = list(qs.order_by("closes_at"))
    is_open = [c for c in calls if c.is_open]
    upcoming = [c for c in calls if c.status == CallStatus.PUBLISHED and c.opens_at > now]
    closed = sorted((c for c in calls if c.has_closed), key=lambda c: c.closes_at, reverse=True)
    return is_open, upcoming, closed


def public_call(slug: str) -> Call | None:
    with scopes_disabled():  # a public page: the call's hub is not known before the lookup
        return (Call.objects.filter(slug=slug).exclude(status=CallStatus.DRAFT)
                .select_related("hub", "cohort").first())


def calls_for_hub(hub):
    return (Call.objects.filter(hub=hub)
            .annotate(n_applications=Count("applications",
                                           filter=~Q(applications__state=ApplicationState.DRAFT)),
                      n_drafts=Count("applications",
                                     filter=Q(applications__state=ApplicationState.DRAFT)))
            .order_by("-closes_at"))


def has_submissions(call) -> bool:
    return call.applications.exclude(state=ApplicationState.DRAFT).exists()


def publish_call(*, call: Call, actor) -> Call:
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if not CALL.can(call.status, CallStatus.PUBLISHED):
            raise CallError(str(REFUSED[CallStatus.PUBLISHED]))
        if not call.questions.exists():
            raise CallError(_("Add at least one question to the application form first."))
        if call.closes_at <= timezone.now():
            raise CallError(_("The closing date is in the past. Change it before publishing."))
        return _move(call, CallStatus.PUBLISHED, actor=actor)


def close_call(*, call: Call, actor) -> Call:
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        return _move(call, CallStatus.CLOSED, actor=actor)


def save_call(*, call: Call, hub, actor) -> Call:
    """Create or change a call of ``hub`` (the form's unsaved instance); audited."""
    with transaction.atomic():
        call.hub = hub
        call.save()
        audit.record(actor=actor, action="call.saved", target=call)
    return call


def add_criterion(*, criterion: Criterion, actor) -> Criterion:
    """Add a review criterion. Refused once reviews exist: their weighted totals were given
    without it and would no longer cover every criterion."""
    call = criterion.call
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        if Review.objects.filter(application__call=call).exists():
            raise CallError(_("Reviewers have already scored applications of this call: a new "
                              "criterion would leave their reviews incomplete."))
        criterion.save()
        audit.record(actor=actor, action="call.criterion_added", target=call,
                     data={"criterion": criterion.name[:80]})
    return criterion


def save_question(*, question: Question, actor) -> Question:
    """Add or change a question. Once applications are submitted, only optional questions
    may be added, so nobody's submitted application becomes incomplete."""
    call = question.call
    if has_submissions(call) and (question.pk or question.required):
        raise CallError(_("Applications were already submitted: you can only add optional "
                          "questions now."))
    with transaction.atomic():
        if question.pk is None and not question.order:
            question.order = call.questions.filter(step=question.step).count() + 1
        question.save()
        audit.record(actor=actor, action="call.question_saved", target=call,
                     data={"question": question.label[:80]})
    return question


def move_question(*, question: Question, direction: str, actor) -> Question:
    """Move a question one place up or down within its step (orders renumbered 1..n).

    Allowed at any time: the order changes how the form reads, never an answer."""
    if direction not in ("up", "down"):
        raise CallError(_("Unknown direction."))
    with transaction.atomic():
        siblings = list(Question.objects.select_for_update()
                        .filter(call_id=question.call_id, step=question.step)
                        .order_by("order", "pk"))
        index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            raise CallError(_("This question is already at the top of its step.")
                            if direction == "up" else
                            _("This question is already at the bottom of its step."))
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings, start=1):
            if sibling.order != position:
                sibling.order = position
                sibling.save(update_fields=["order"])
        audit.record(actor=actor, action="call.question_moved", target=question.call,
                     data={"question": question.label[:80], "direction": direction})
    return question


def draft_answers_count(question: Question) -> int:
    """How many draft applications already answered ``question`` (lost if it is removed)."""
    return Answer.objects.filter(question=question).count()


def delete_question(*, question: Question, actor) -> None:
    """Remove a question before any application is submitted; answers in drafts go too
    (the confirmation page says how many)."""
    if has_submissions(question.call):
        raise CallError(_("Applications were already submitted: questions cannot be removed."))
    with transaction.atomic():
        audit.record(actor=actor, action="call.question_deleted", target=question.call,
                     data={"question": question.label[:80]})
        question.delete()


def criterion_scores_count(criterion: Criterion) -> int:
    return ReviewScore.objects.filter(criterion=criterion).count()


def delete_criterion(*, criterion: Criterion, actor) -> None:
    """Remove a review criterion no reviewer has scored yet (scored ones stay, or the
    weighted totals already given would silently change)."""
    with transaction.atomic():
        if ReviewScore.objects.filter(criterion=criterion).exists():
            raise CallError(_("Reviewers have already scored “%(name)s”: it cannot be removed, "
                              "or the weighted totals of their reviews would change.")
                            % {"name": criterion.name})
        audit.record(actor=actor, action="call.criterion_deleted", target=criterion.call,
                     data={"criterion": criterion.name[:80]})
        criterion.delete()
