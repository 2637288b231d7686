"""Read-side queries of the programme app for the apps built on it (the consortium console).

Every function aggregates in the database: one query per table, whatever the data size.
"""

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django_scopes import scopes_disabled

from creaconnect.core.periods import period_q

from .models import (
    Application,
    ApplicationState,
    Call,
    CohortMember,
    MentoringSession,
    MilestoneState,
    MilestoneSubmission,
    QuestionKind,
    Review,
    ReviewAssignment,
    SessionSignup,
    TrainingSession,
)

# An application "accepted" once it was offered a place, whatever the person did next.
OFFERED_STATES = (ApplicationState.ACCEPTED, ApplicationState.CONFIRMED,
                  ApplicationState.DECLINED)
DECIDED_STATES = (*OFFERED_STATES, ApplicationState.WAITLISTED, ApplicationState.REJECTED)


def _by_hub(rows, figures: dict, hub_key: str) -> None:
    for row in rows:
        hub_id = row.pop(hub_key)
        figures.setdefault(hub_id, {}).update(row)


def programme_figures(*, start=None, end=None) -> dict[int, dict]:
    """``{hub_id: {figure: value}}`` for every hub, over ``[start, end]`` (dates, optional).

    Calls by opening date, applications by submission date, cohort members by joining date,
    training sessions and their attendance by session date, mentoring by session date,
    milestones by sign-off date. Seven queries. Mentoring and training are in minutes.
    """
    figures: dict[int, dict] = {}
    # Programme-wide figures for the consortium console: they cross hubs by design.
    with scopes_disabled():
        _by_hub(Call.objects.filter(period_q("opens_at__date", start, end))
                .values("hub_id").annotate(calls=Count("id")).order_by(), figures, "hub_id")
        _by_hub(Application.objects.filter(submitted_at__isnull=False)
                .filter(period_q("submitted_at__date", start, end))
                .values("call__hub_id").annotate(
                    applications=Count("id"),
                    decided=Count("id", filter=Q(state__in=DECIDED_STATES)),
                    offered=Count("id", filter=Q(state__in=OFFERED_STATES)))
                .order_by(), figures, "call__hub_id")
        _by_hub(CohortMember.objects.filter(period_q("joined_at__date", start, end))
                .values("cohort__hub_id").annotate(members=Count("id")).order_by(),
                figures, "cohort__hub_id")
        _by_hub(TrainingSession.objects.filter(period_q("starts_at__date", start, end))
                .values("cohort__hub_id").annotate(
                    sessions=Count("id"), training_minutes=Sum("duration_minutes"))
                .order_by(), figures, "cohort__hub_id")
        _by_hub(SessionSignup.objects.filter(period_q("session__starts_at__date", start, end))
                .values("session__cohort__hub_id").annotate(
                    attendance_taken=Count("id", filter=Q(attended__isnull=False)),
                    attended=Count("id", filter=Q(attended=True)))
                .order_by(), figures, "session__cohort__hub_id")
        _by_hub(MentoringSession.objects.filter(period_q("date", start, end))
                .values("assignment__member__cohort__hub_id").annotate(
                    mentoring_minutes=Sum("duration_minutes"))
                .order_by(), figures, "assignment__member__cohort__hub_id")
        _by_hub(MilestoneSubmission.objects.filter(state=MilestoneState.APPROVED)
                .filter(period_q("reviewed_at__date", start, end))
                .values("milestone__cohort__hub_id").annotate(milestones_met=Count("id"))
                .order_by(), figures, "milestone__cohort__hub_id")
    return figures


def review_load_for_users(user_ids) -> dict[int, int]:
    """``{user_id: applications waiting for their review}`` across hubs, in one query."""
    # A reviewer's load is programme-wide: crossing hubs on purpose.
    with scopes_disabled():
        rows = (ReviewAssignment.objects.filter(reviewer_id__in=list(user_ids),
                                                application__state=ApplicationState.SUBMITTED)
                .exclude(Exists(Review.objects.filter(application=OuterRef("application"),
                                                      reviewer=OuterRef("reviewer"))))
                .values("reviewer_id").annotate(n=Count("id")).order_by())
        return {r["reviewer_id"]: r["n"] for r in rows}


def accepted_project(hub, application_id) -> dict | None:
    """A programme participant's project for the showcase: an accepted or confirmed
    application of one of ``hub``'s calls, as ``title``, ``texts`` (its non-empty long-text
    answers), ``applicant`` and ``label`` ("call — applicant")."""
    application = (Application.objects.select_related("call", "applicant")
                   .filter(call__hub=hub, pk=application_id,
                           state__in=[ApplicationState.CONFIRMED, ApplicationState.ACCEPTED])
                   .first())
    if application is None:
        return None
    texts = [a.value for a in application.answers.select_related("question")
             if a.question.kind == QuestionKind.LONG_TEXT and isinstance(a.value, str)
             and a.value]
    return {
        "title": application.project_title, "texts": texts,
        "applicant": application.applicant,
        "label": f"{application.call.title} — {application.applicant}",
    }
