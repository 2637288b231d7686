"""Calls: queries for the public and the console, publication moves, the form builder."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from creaconnect.core import audit

from ..models import ApplicationState, Call, CallStatus, Question


class CallError(Exception):
    """A move on a call that the rules refuse; the message is shown to staff."""


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
        if call.status != CallStatus.DRAFT:
            raise CallError(_("Only a draft call can be published."))
        if not call.questions.exists():
            raise CallError(_("Add at least one question to the application form first."))
        if call.closes_at <= timezone.now():
            raise CallError(_("The closing date is in the past. Change it before publishing."))
        call.status = CallStatus.PUBLISHED
        call.save(update_fields=["status"])
        audit.record(actor=actor, action="call.published", target=call)
    return call


def close_call(*, call: Call, actor) -> Call:
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.status != CallStatus.PUBLISHED:
            raise CallError(_("Only a published call can be closed."))
        call.status = CallStatus.CLOSED
        call.save(update_fields=["status"])
        audit.record(actor=actor, action="call.closed", target=call)
    return call


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


def delete_question(*, question: Question, actor) -> None:
    if has_submissions(question.call):
        raise CallError(_("Applications were already submitted: questions cannot be removed."))
    with transaction.atomic():
        audit.record(actor=actor, action="call.question_deleted", target=question.call,
                     data={"question": question.label[:80]})
        question.delete()
