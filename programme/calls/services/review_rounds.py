"""Call review on the shared review engine: rounds, reviewers, conflicts, automatic
assignment, replacement, the table per round, the ranking figure and applicants' feedback.

* **Rounds.** A call reviews in rounds, each with a name, a deadline, the criteria it scores
  (all the call's criteria when none are chosen) and how many reviewers each application gets.
* **Reviewers.** The hub's staff and the experts of the pool staff add to the call.
* **Assignment** (:func:`assign_round`) runs :func:`creaconnect.review.assignment.assign`:
  ``per_application`` reviewers per application, every load at most the mean rounded up, no
  conflicted pair, total affinity as large as possible. Reviewed and hand-made assignments
  stay (pinned); unreviewed automatic ones may move, with a small bonus so a re-run only
  changes what new facts require.
* **Declared conflicts** (:func:`declare_conflict`): the reviewer leaves the application in
  every round where they have not reviewed it yet, and :func:`creaconnect.review.assignment.
  next_best` picks who takes over: a reviewer of the call without conflict, not yet on it and
  under the round's load cap, with the highest affinity, then the lightest load.
* The table per round, the ranking figure, feedback to applicants and round reminders are in
  :mod:`.review_results` (``feedback_for`` is re-exported here for the decision mail).

Every writing function runs in a transaction and writes an audit entry.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from creaconnect.core import audit
from creaconnect.notifications.services import notify
from creaconnect.review import assignment as engine
from creaconnect.review import pool

from ..models import (
    Application,
    CallReviewer,
    Review,
    ReviewAssignment,
    ReviewConflict,
    ReviewRound,
)
from .review_engine import (
    affinity_for,
    conflict_reasons,
    pool_experts,
    reviewable,
    reviewer_ids,
    reviewers_by_id,
)
from .review_results import feedback_for, round_notice_context
from .reviews import ReviewError, call_criteria

__all__ = ["INCUMBENT_BONUS", "add_external_reviewer", "add_round", "assign_by_hand",
           "assign_round", "assignment_for_reviewer", "assignments_for_reviewer",
           "declare_conflict", "external_reviewers", "feedback_for", "forbid_pair", "pool_choices",
           "remove_external_reviewer", "round_criteria"]

#: Affinity bonus of an unreviewed automatic assignment on a re-run (affinities are 0–1).
INCUMBENT_BONUS = 0.1


# --- Rounds -------------------------------------------------------------------------------

def round_criteria(review_round: ReviewRound) -> list:
    """The criteria a round scores: those chosen for it, else all of the call's."""
    return call_criteria(review_round.call, review_round)


def add_round(*, call, name: str, deadline, criteria=(), per_application: int = 2, actor
              ) -> ReviewRound:
    """A new review round of ``call`` (last in order)."""
    name = name.strip()
    if not name:
        raise ReviewError(_("Give the round a name."))
    if not 1 <= per_application <= ReviewRound.MAX_PER_APPLICATION:
        raise ReviewError(_("Each application needs between 1 and %(max)s reviewers.")
                          % {"max": ReviewRound.MAX_PER_APPLICATION})
    criteria = list(criteria)
    if any(c.call_id != call.pk for c in criteria):
        raise ReviewError(_("Choose criteria of this call."))
    with transaction.atomic():
        order = ReviewRound.objects.filter(call=call).count() + 1
        review_round = ReviewRound.objects.create(call=call, name=name, deadline=deadline,
                                                  per_application=per_application,
                                                  order=order)
        review_round.criteria.set(criteria)
        audit.record(actor=actor, action="call.review_round_added", target=call, hub=call.hub,
                     data={"round": name})
    return review_round


# --- External reviewers -----------------------------------------------------------------

def pool_choices(call) -> list:
    """Experts of the pool not yet reviewing ``call`` (available ones), by name."""
    taken = set(CallReviewer.objects.filter(call=call).values_list("user_id", flat=True))
    return [e for e in pool.experts().values() if e.user_id not in taken and e.available]


def external_reviewers(call) -> list[CallReviewer]:
    return list(CallReviewer.objects.filter(call=call).select_related("user")
                .order_by("user__display_name", "user__email"))


def add_external_reviewer(*, call, user_id: int, actor) -> CallReviewer:
    """Add an expert of the pool to the call's reviewers."""
    expert = pool.experts(user_ids=[user_id]).get(user_id)
    if expert is None:
        raise ReviewError(_("This person is not in the expert pool."))
    try:
        with transaction.atomic():
            row = CallReviewer.objects.create(call=call, user_id=user_id, added_by=actor)
            audit.record(actor=actor, action="call.reviewer_added", target=call, hub=call.hub,
                         data={"reviewer": expert.name})
    except IntegrityError as exc:
        raise ReviewError(_("%(name)s already reviews this call.") % {"name": expert.name}
                          ) from exc
    return row


def remove_external_reviewer(*, row: CallReviewer, actor) -> None:
    """Take an expert off the call; their unreviewed assignments go, reviews stay."""
    with transaction.atomic():
        call = row.call
        done = set(Review.objects.filter(application__call=call, reviewer=row.user_id)
                   .values_list("application_id", "round_id"))
        unfinished = [pk for pk, app_id, round_id in ReviewAssignment.objects.filter(
            application__call=call, reviewer=row.user_id).values_list(
                "pk", "application_id", "round_id") if (app_id, round_id) not in done]
        ReviewAssignment.objects.filter(pk__in=unfinished).delete()
        audit.record(actor=actor, action="call.reviewer_removed", target=call, hub=call.hub,
                     data={"reviewer": str(row.user)})
        row.delete()


# --- Assignment -------------------------------------------------------------------------

def _reviewed(review_round) -> set[tuple[int, int]]:
    return set(Review.objects.filter(round=review_round).values_list("reviewer_id",
                                                                     "application_id"))


def assign_round(*, review_round: ReviewRound, actor, fairness: bool = False) -> int:
    """(Re-)run the assignment of a round (see the module text); returns how many
    assignments were created. New reviewers are told; one audit entry."""
    with transaction.atomic():
        review_round = ReviewRound.objects.select_for_update().select_related(
            "call__hub").get(pk=review_round.pk)
        call = review_round.call
        ids, apps = reviewer_ids(call), reviewable(call)
        if not apps:
            raise ReviewError(_("No application has been submitted yet."))
        existing = list(ReviewAssignment.objects.filter(round=review_round))
        reviewed = _reviewed(review_round)
        fixed = {(a.reviewer_id, a.application_id) for a in existing
                 if not a.automatic or (a.reviewer_id, a.application_id) in reviewed}
        movable = {(a.reviewer_id, a.application_id) for a in existing} - fixed
        experts = pool_experts(ids)
        conflicts = conflict_reasons(call, ids, apps, experts=experts)
        matrix = affinity_for(ids, apps, experts=experts)
        try:
            result = engine.assign(
                reviewers=ids, items=[a.pk for a in apps], affinity=matrix.combined,
                per_item=min(review_round.per_application, len(ids)) or 1,
                conflicts=conflicts, pinned=fixed - set(conflicts), incumbents=movable,
                incumbent_bonus=INCUMBENT_BONUS, fairness=fairness)
        except engine.AssignmentInfeasible as exc:
            raise ReviewError(exc.describe({a.pk: str(a) for a in apps})) from exc
        chosen = {(p.reviewer, p.item) for p in result.pairs}
        for reviewer_id, app_id in movable - chosen:
            ReviewAssignment.objects.filter(round=review_round, reviewer_id=reviewer_id,
                                            application_id=app_id).delete()
        have = {(a.reviewer_id, a.application_id) for a in existing}
        new = sorted(chosen - have)
        ReviewAssignment.objects.bulk_create([
            ReviewAssignment(round=review_round, reviewer_id=r, application_id=i,
                             automatic=True) for r, i in new])
        _tell_reviewers(review_round, [r for r, _i in new])
        audit.record(actor=actor, action="call.round_assigned", target=call, hub=call.hub,
                     data={"round": review_round.name, "created": len(new),
                           "removed": len(movable - chosen), "fairness": fairness})
    return len(new)


def _tell_reviewers(review_round, reviewer_ids_: list[int]) -> None:
    counts = defaultdict(int)
    for r in reviewer_ids_:
        counts[r] += 1
    users = reviewers_by_id(counts)
    for r, n in counts.items():
        notify(user=users[r], kind="programme.review.assigned", hub=review_round.call.hub,
               url=reverse("programme:my_reviews"),
               context=round_notice_context(review_round, n))


def assign_by_hand(*, review_round: ReviewRound, application: Application, reviewer_id: int,
                   actor) -> ReviewAssignment:
    """Staff pin one reviewer of the call to one application in a round (kept by re-runs).
    Refused for a conflicted pair."""
    call = review_round.call
    if reviewer_id not in reviewer_ids(call):
        raise ReviewError(_("Only the call's reviewers can be assigned."))
    reasons = conflict_reasons(call, [reviewer_id], [application])
    if (reviewer_id, application.pk) in reasons:
        raise ReviewError(_("This reviewer has a conflict of interest with this application "
                            "(%(reason)s).")
                          % {"reason": reasons[(reviewer_id, application.pk)].label})
    with transaction.atomic():
        row, created = ReviewAssignment.objects.get_or_create(
            round=review_round, reviewer_id=reviewer_id, application=application,
            defaults={"automatic": False})
        if not created and row.automatic:
            row.automatic = False
            row.save(update_fields=["automatic"])
        audit.record(actor=actor, action="application.reviewer_assigned", target=application,
                     hub=call.hub, data={"reviewer": reviewer_id, "round": review_round.name})
    return row


def declare_conflict(*, assignment: ReviewAssignment, actor, reason: str = "") -> list:
    """``actor`` (the assigned reviewer) declares a conflict with the application: recorded
    for every round, their unreviewed assignments on it go, and each round gets the next best
    reviewer (see the module text). Returns the replacements made (may be empty when nobody
    is left under the cap: staff see the gap in the table)."""
    if assignment.reviewer_id != actor.pk:
        raise ReviewError(_("Only the assigned reviewer can declare this conflict."))
    return _exclude(assignment.application, actor.pk, actor=actor, reason=reason,
                    action="application.conflict_declared")


def forbid_pair(*, application: Application, reviewer_id: int, actor) -> list:
    """Staff forbid a reviewer of the call from an application: recorded as a conflict (the
    engine's "declared or recorded by staff"), then as :func:`declare_conflict`."""
    if reviewer_id not in reviewer_ids(application.call):
        raise ReviewError(_("Only the call's reviewers can be assigned."))
    return _exclude(application, reviewer_id, actor=actor, reason=_("Recorded by the hub team"),
                    action="application.reviewer_forbidden")


def _exclude(application, reviewer_id, *, actor, reason, action) -> list:
    with transaction.atomic():
        Application.objects.select_for_update().get(pk=application.pk)
        ReviewConflict.objects.get_or_create(application=application, reviewer_id=reviewer_id,
                                             defaults={"reason": reason.strip()[:300]})
        done = set(Review.objects.filter(application=application, reviewer_id=reviewer_id)
                   .values_list("round_id", flat=True))
        rounds = []
        for a in ReviewAssignment.objects.filter(application=application,
                                                 reviewer_id=reviewer_id).select_related("round"):
            if a.round_id not in done:
                rounds.append(a.round)
                a.delete()
        audit.record(actor=actor, action=action, target=application, hub=application.call.hub,
                     data={"reviewer": reviewer_id})
        replaced = [r for r in (_replace(review_round, application, reviewer_id, actor)
                                for review_round in rounds if review_round is not None) if r]
    return replaced


def _replace(review_round, application, leaving_id, actor):
    call = review_round.call
    ids = reviewer_ids(call)
    loads = defaultdict(int)
    on_item = set()
    for reviewer_id, app_id in ReviewAssignment.objects.filter(round=review_round).values_list(
            "reviewer_id", "application_id"):
        loads[reviewer_id] += 1
        if app_id == application.pk:
            on_item.add(reviewer_id)
    apps = reviewable(call)
    cap = engine.default_cap(per_item=review_round.per_application, items=len(apps),
                             reviewers=len(ids))
    experts = pool_experts(ids)
    conflicted = {r for (r, i) in conflict_reasons(call, ids, [application], experts=experts)}
    full = {r for r in ids if loads[r] >= cap}
    matrix = affinity_for(ids, [application], experts=experts)
    affinity = {r: float(matrix.combined[n, 0]) for n, r in enumerate(ids)}
    pick = engine.next_best(item=application.pk, reviewers=ids, affinity=affinity,
                            loads=loads, caps={r: cap for r in ids},
                            excluded=on_item | conflicted | full | {leaving_id})
    if pick is None:
        return None
    row = ReviewAssignment.objects.create(round=review_round, reviewer_id=pick,
                                          application=application, automatic=True)
    audit.record(actor=actor, action="application.reviewer_replaced", target=application,
                 hub=call.hub, data={"round": review_round.name, "by": pick})
    _tell_reviewers(review_round, [pick])
    return row


# --- Reviewers' own pages ---------------------------------------------------------------

def assignments_for_reviewer(user) -> list[ReviewAssignment]:
    """Everything ``user`` is asked to review, in every hub (their own work), with
    ``reviewed`` set; rounds by deadline."""
    # The reviewer's own assignments, wherever the call's hub is.
    with scopes_disabled():
        rows = list(ReviewAssignment.objects.filter(reviewer=user, round__isnull=False)
                    .select_related("application__call__hub", "round")
                    .order_by("round__deadline", "application__project_title", "pk"))
        done = set(Review.objects.filter(reviewer=user, round__isnull=False)
                   .values_list("application_id", "round_id"))
    for row in rows:
        row.reviewed = (row.application_id, row.round_id) in done
    return rows


def assignment_for_reviewer(user, pk) -> ReviewAssignment | None:
    """``user``'s assignment ``pk`` (else ``None``: the view answers 404)."""
    # Resolving the URL's assignment: its hub is known only after the lookup.
    with scopes_disabled():
        return (ReviewAssignment.objects.filter(pk=pk, reviewer=user, round__isnull=False)
                .select_related("application__call__hub", "application__applicant", "round")
                .first())


