"""Staff review of applications: assignment, weighted scores, the applications table."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Prefetch, Q, StdDev
from django.utils.translation import gettext as _

from creaconnect.core import audit
from creaconnect.core.scoring import TOTAL_PLACES
from creaconnect.review import assignment as engine
from creaconnect.review import scores as score_rules
from hubs.models import HubMembership

from ..models import (
    Application,
    CoApplicant,
    Review,
    ReviewAssignment,
    ReviewConflict,
    ReviewScore,
)
from ..models import ApplicationState as S
from .review_engine import REVIEWABLE, conflict_reasons, reviewable


class ReviewError(Exception):
    pass


def call_criteria(call, review_round=None) -> list:
    """The criteria a review of ``call`` scores: the round's chosen ones, else all of the
    call's."""
    chosen = list(review_round.criteria.all()) if review_round is not None else []
    return chosen or list(call.criteria.all())


def review_criteria(application: Application, review_round=None) -> list:
    """:func:`call_criteria` of the application's call."""
    return call_criteria(application.call, review_round)


def _check_round(application, reviewer, review_round) -> None:
    if review_round is None:
        return
    if review_round.call_id != application.call_id:
        raise ReviewError(_("This round belongs to another call."))
    if ReviewConflict.objects.filter(application=application, reviewer=reviewer).exists():
        raise ReviewError(_("You declared a conflict of interest with this application."))
    if not ReviewAssignment.objects.filter(application=application, reviewer=reviewer,
                                           round=review_round).exists():
        raise ReviewError(_("You are not asked to review this application in this round."))


def submit_review(*, application: Application, reviewer, scores: dict[int, int], comment: str,
                  review_round=None) -> Review:
    """Create or update ``reviewer``'s review (of ``review_round`` when given: the reviewer
    must be assigned in it); one per reviewer and round (constraint + lock). The total is the
    review engine's weighted total (:func:`creaconnect.review.scores.total`)."""
    criteria = review_criteria(application, review_round)
    if application.state not in REVIEWABLE:
        raise ReviewError(_("Only submitted applications can be reviewed."))
    _check_round(application, reviewer, review_round)
    if set(scores) != {c.pk for c in criteria}:
        raise ReviewError(_("Please score every criterion."))
    for c in criteria:
        if not 0 <= scores[c.pk] <= c.scale_max:
            raise ReviewError(_("Scores for “%(name)s” go from 0 to %(max)s.")
                              % {"name": c.name, "max": c.scale_max})
    with transaction.atomic():
        Application.objects.select_for_update().get(pk=application.pk)
        try:
            with transaction.atomic():
                review, created = Review.objects.get_or_create(application=application,
                                                               reviewer=reviewer,
                                                               round=review_round)
        except IntegrityError:
            review, created = Review.objects.get(application=application, reviewer=reviewer,
                                                 round=review_round), False
        review.comment = comment
        value = score_rules.total(criteria=criteria, scores=scores)
        review.total = None if value is None else Decimal(str(value)).quantize(TOTAL_PLACES)
        review.save()
        for c in criteria:
            ReviewScore.objects.update_or_create(review=review, criterion=c,
                                                 defaults={"score": scores[c.pk]})
        audit.record(actor=reviewer, action="application.reviewed", target=application,
                     hub=application.call.hub, data={"total": str(review.total),
                                                     "updated": not created,
                                                     "round": getattr(review_round, "name",
                                                                      "")})
    return review


def has_reviewed(application: Application, user) -> bool:
    return Review.objects.filter(application=application, reviewer=user).exists()


def visible_reviews(application: Application, user) -> list[Review]:
    """Other reviewers' scores stay hidden until ``user`` has submitted their own."""
    if not has_reviewed(application, user):
        return []
    return list(Review.objects.filter(application=application).select_related("reviewer")
                .prefetch_related("scores__criterion").order_by("reviewer__display_name"))


def reviewers_for_hub(hub):
    return [m.user for m in HubMembership.objects.filter(hub=hub).select_related("user")]


def assign_evenly(*, call, reviewers: list, per_application: int, actor) -> int:
    """Give each submitted application ``per_application`` of ``reviewers`` (outside any
    round) through the review engine's assignment with equal fit for everyone: each load at
    most the mean rounded up and, where conflicts allow, at least the mean rounded down, so
    reviewers' counts differ by at most one; no pair the engine's conflict rules forbid (own
    or joint application, same hub, same organisation, declared). Existing assignments are
    kept. Returns how many were created."""
    if not reviewers:
        raise ReviewError(_("This hub has no staff to review."))
    ids = sorted({r.pk for r in reviewers})
    per_application = max(1, min(per_application, len(ids)))
    with transaction.atomic():
        apps = reviewable(call)
        existing = set(ReviewAssignment.objects.filter(application__call=call,
                                                       round__isnull=True)
                       .values_list("reviewer_id", "application_id"))
        conflicts = conflict_reasons(call, ids, apps)
        kept, pinned = {}, set()
        for reviewer_id, app_id in sorted(existing):
            if reviewer_id in ids and (reviewer_id, app_id) not in conflicts \
                    and kept.get(app_id, 0) < per_application:
                kept[app_id] = kept.get(app_id, 0) + 1
                pinned.add((reviewer_id, app_id))
        try:
            result = engine.assign(reviewers=ids, items=[a.pk for a in apps],
                                   affinity=[[0.0] * len(apps) for _ in ids],
                                   per_item=per_application, conflicts=conflicts,
                                   pinned=pinned)
        except engine.AssignmentInfeasible as exc:
            raise ReviewError(exc.describe({a.pk: str(a) for a in apps})) from exc
        new = sorted({(p.reviewer, p.item) for p in result.pairs} - existing)
        ReviewAssignment.objects.bulk_create([ReviewAssignment(application_id=i, reviewer_id=r)
                                              for r, i in new])
        audit.record(actor=actor, action="call.reviewers_assigned", target=call,
                     data={"per_application": per_application, "created": len(new)})
    return len(new)


def assign_reviewer(*, application: Application, reviewer, actor) -> bool:
    """Assign one reviewer by hand (hub staff only); returns False if already assigned."""
    if reviewer.pk == application.applicant_id:
        raise ReviewError(_("Applicants cannot review their own application."))
    if not HubMembership.objects.filter(hub=application.call.hub, user=reviewer).exists():
        raise ReviewError(_("Only this hub's staff can review its applications."))
    with transaction.atomic():
        _obj, created = ReviewAssignment.objects.get_or_create(application=application,
                                                               reviewer=reviewer)
        if created:
            audit.record(actor=actor, action="application.reviewer_assigned",
                         target=application, hub=application.call.hub,
                         data={"reviewer": reviewer.email})
    return created


SORTS = {
    "submitted": "submitted_at", "-submitted": "-submitted_at",
    "score": F("mean_score").asc(nulls_last=True), "-score": F("mean_score").desc(nulls_last=True),
    "title": "project_title", "-title": "-project_title",
    "country": "applicant__profile__country", "-country": "-applicant__profile__country",
}


def _table_filters(qs, *, state: str, country: str, q: str):
    if state in S.values:
        qs = qs.filter(state=state)
    if country:
        qs = qs.filter(applicant__profile__country=country)
    if q:
        qs = qs.filter(Q(project_title__icontains=q) | Q(applicant__display_name__icontains=q)
                       | Q(applicant__email__icontains=q))
    return qs


def applications_table_count(*, call, state: str = "", country: str = "", q: str = "",
                             min_score: str = "", **_ignored) -> int | None:
    """How many rows the table has, counted without the review statistics (a plain indexed
    count instead of grouping every review of the call); ``None`` when a score filter needs
    them (the paginator then counts the annotated query)."""
    if min_score:
        return None
    qs = Application.objects.filter(call=call).exclude(state=S.DRAFT)
    return _table_filters(qs, state=state, country=country, q=q).count()


def applications_table(*, call, state: str = "", country: str = "", q: str = "",
                       min_score: str = "", sort: str = "-submitted", reviewer=None):
    """The console table of a call's applications, annotated with review statistics."""
    qs = (Application.objects.filter(call=call).exclude(state=S.DRAFT)
          .select_related("applicant", "applicant__profile")
          .prefetch_related(Prefetch("co_applicants",
                                     queryset=CoApplicant.objects.select_related("user")
                                     .order_by("created")))
          .annotate(mean_score=Avg("reviews__total"), spread=StdDev("reviews__total", sample=True),
                    n_reviews=Count("reviews", distinct=True)))
    if reviewer is not None:
        qs = qs.annotate(mine=Count("reviews", filter=Q(reviews__reviewer=reviewer),
                                    distinct=True),
                         assigned_to_me=Count("review_assignments",
                                              filter=Q(review_assignments__reviewer=reviewer),
                                              distinct=True))
    qs = _table_filters(qs, state=state, country=country, q=q)
    if min_score:
        try:
            qs = qs.filter(mean_score__gte=Decimal(min_score))
        except ArithmeticError:
            pass
    order = SORTS.get(sort, "-submitted_at")
    return qs.order_by(order, "pk")
