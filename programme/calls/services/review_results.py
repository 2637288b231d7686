"""Call review results on the shared engine: the table per round with its figures, the
figure that ranks a call, the comments that go to applicants, and round reminders.

* **Table** (:func:`round_table`): per application its reviews' mean, median, spread,
  normalised figure (per-reviewer z-scores) and disagreement flag from
  :mod:`creaconnect.review.scores`, ranked by the call's chosen figure (:func:`rank_figure`).
* **Feedback** (:func:`share_review`, :func:`feedback_for`): staff tick the comments that go
  to the applicant, anonymised as "Reviewer 1", "Reviewer 2"… in the order they were written.
* **Reminders** (:func:`remind_review_rounds`): reviewers with unfinished work in a round hear
  of its deadline ``ROUND_REMINDER_BEFORE`` ahead, once per round and deadline.

Every writing function runs in a transaction and writes an audit entry.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from creaconnect.core import audit
from creaconnect.core.i18n_content import Localised, LocalisedDate
from creaconnect.notifications.services import notify
from creaconnect.review import assignment as engine
from creaconnect.review import scores as score_rules

from ..models import (
    Application,
    CallReviewPolicy,
    RankFigure,
    Review,
    ReviewAssignment,
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
from .reviews import ReviewError

#: Reviewers with unfinished work in a round hear of its deadline this long before it.
ROUND_REMINDER_BEFORE = timedelta(hours=48)


# --- The ranking figure -----------------------------------------------------------------

def rank_figure(call) -> str:
    policy = CallReviewPolicy.objects.filter(call=call).first()
    return policy.rank_by if policy else RankFigure.NORMALISED


def set_rank_figure(*, call, rank_by: str, actor) -> None:
    """Which figure ranks the call's applications in the review tables."""
    if rank_by not in RankFigure.values:
        raise ReviewError(_("Choose one of the figures offered."))
    with transaction.atomic():
        CallReviewPolicy.objects.update_or_create(call=call, defaults={"rank_by": rank_by})
        audit.record(actor=actor, action="call.rank_figure_set", target=call, hub=call.hub,
                     data={"rank_by": rank_by})


# --- The table per round ----------------------------------------------------------------

@dataclass
class Row:
    application: Application
    summary: object = None                     # scores.ItemSummary, None before any review
    reviewers: list = field(default_factory=list)  # (user, total or None, affinity %)
    conflicts: int = 0
    rank: int | None = None


@dataclass
class RoundTable:
    round: ReviewRound
    rows: list
    rank_by: str
    cap: int
    loads: list                                # (user, load)
    threshold: float = score_rules.DISAGREEMENT_POINTS

    @property
    def rank_label(self):
        return RankFigure(self.rank_by).label


def round_table(review_round: ReviewRound) -> RoundTable:
    """The round's applications with their figures, best first by the call's figure, and
    each reviewer's load; a fixed number of queries whatever the size."""
    call = review_round.call
    ids, apps = reviewer_ids(call), reviewable(call)
    users, experts = reviewers_by_id(ids), pool_experts(ids)
    totals = {(r.application_id, r.reviewer_id): float(r.total) for r in
              Review.objects.filter(round=review_round, total__isnull=False)}
    summaries = score_rules.summarise(totals)
    matrix = affinity_for(ids, apps, experts=experts, users=users)
    col = {a.pk: n for n, a in enumerate(apps)}
    row_of = {r: n for n, r in enumerate(ids)}
    loads = defaultdict(int)
    rows = {a.pk: Row(application=a, summary=summaries.get(a.pk)) for a in apps}
    for a in ReviewAssignment.objects.filter(round=review_round).order_by("pk"):
        loads[a.reviewer_id] += 1
        row = rows.get(a.application_id)
        if row is None:
            continue
        aff = (round(100 * float(matrix.combined[row_of[a.reviewer_id], col[a.application_id]]))
               if a.reviewer_id in row_of else None)
        row.reviewers.append((users.get(a.reviewer_id), totals.get((a.application_id,
                                                                    a.reviewer_id)), aff))
    for (_r, app_id) in conflict_reasons(call, ids, apps, experts=experts):
        rows[app_id].conflicts += 1
    rank_by = rank_figure(call)
    ranked = score_rules.rank([s for s in summaries.values() if s.item in rows],
                              by=score_rules.RankBy(rank_by))
    ordered = []
    for n, s in enumerate(ranked, start=1):
        rows[s.item].rank = n
        ordered.append(rows[s.item])
    ordered += [r for r in rows.values() if r.summary is None]
    cap = engine.default_cap(per_item=review_round.per_application, items=len(apps),
                             reviewers=len(ids)) if ids and apps else 0
    return RoundTable(round=review_round, rows=ordered, rank_by=rank_by, cap=cap,
                      loads=[(users.get(r), loads.get(r, 0)) for r in ids])


# --- Feedback to applicants -------------------------------------------------------------

def share_review(*, review: Review, shared: bool, actor) -> Review:
    """Tick (or untick) a review's comment to go to the applicant with the decision."""
    if shared and not review.comment.strip():
        raise ReviewError(_("This review has no comment to share."))
    with transaction.atomic():
        review.shared_with_applicant = shared
        review.save(update_fields=["shared_with_applicant"])
        audit.record(actor=actor, action="application.feedback_shared" if shared
                     else "application.feedback_withheld", target=review.application,
                     hub=review.application.call.hub)
    return review


def feedback_for(application: Application) -> list[str]:
    """The shared comments, in the order written (the applicant reads "Reviewer 1"…)."""
    return [c for c in Review.objects.filter(application=application, shared_with_applicant=True)
            .order_by("created", "pk").values_list("comment", flat=True) if c.strip()]


def feedback_by_application(applications) -> dict[int, list[str]]:
    """:func:`feedback_for` of many applications in one query."""
    out = defaultdict(list)
    # The applicant's own applications, across hubs.
    with scopes_disabled():
        for app_id, comment in Review.objects.filter(
                application__in=[a.pk for a in applications], shared_with_applicant=True
        ).order_by("created", "pk").values_list("application_id", "comment"):
            if comment.strip():
                out[app_id].append(comment)
    return out


# --- Reminders --------------------------------------------------------------------------

def round_notice_context(review_round, count: int) -> dict:
    """What a reviewer's notice about ``count`` applications of a round says."""
    return {"call": Localised(review_round.call, "title"), "round": review_round.name,
            "count": count, "deadline": LocalisedDate(review_round.deadline)}


def remind_review_rounds(now=None) -> int:
    """Tell each reviewer with unfinished work in a round whose deadline is within
    ``ROUND_REMINDER_BEFORE``; once per reviewer, round and deadline. Returns how many
    reminders were written."""
    now = now or timezone.now()
    sent = 0
    # A programme-wide job: it walks every hub's rounds, then works inside each hub.
    with scopes_disabled():
        rounds = list(ReviewRound.objects.filter(
            deadline__gt=now, deadline__lte=now + ROUND_REMINDER_BEFORE)
            .select_related("call__hub"))
    for review_round in rounds:
        with scope(hub=review_round.call.hub):
            done = set(Review.objects.filter(round=review_round).values_list(
                "reviewer_id", "application_id"))
            open_work = defaultdict(int)
            for reviewer_id, app_id in ReviewAssignment.objects.filter(
                    round=review_round).values_list("reviewer_id", "application_id"):
                if (reviewer_id, app_id) not in done:
                    open_work[reviewer_id] += 1
            users = reviewers_by_id(open_work)
            for reviewer_id, n in open_work.items():
                note = notify(
                    user=users[reviewer_id], kind="programme.review.round_due",
                    hub=review_round.call.hub, url=reverse("programme:my_reviews"),
                    context=round_notice_context(review_round, n),
                    dedup_key=(f"review-round:{review_round.pk}:{reviewer_id}:"
                               f"{review_round.deadline:%Y%m%d%H%M}"))
                sent += note is not None
    return sent
