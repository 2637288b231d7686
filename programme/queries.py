"""Read-side queries of the programme app for the apps built on it (the consortium console).

Every function aggregates in the database: one query per table, whatever the data size.
"""

from datetime import UTC, datetime, time

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
        "member_id": CohortMember.objects.filter(application=application)
        .values_list("pk", flat=True).first(),
    }


def cohort_members_for_showcase(hub):
    """The members of ``hub``'s cohorts a showcase project may grow from (form choices)."""
    return (CohortMember.objects.filter(cohort__hub=hub).select_related("user", "cohort")
            .order_by("cohort__name", "user__display_name"))


# --- a person's path (read by the dashboard and the consortium's person page) ------------------

def path_steps_for_person(user, *, hub_ids=None) -> list[dict]:
    """The programme steps of ``user``'s path: applied, the decision, cohort membership,
    approved milestones and the certificate. Each step is a dict with ``kind``, ``at``
    (a datetime or date), ``title``, ``detail``, ``hub_id`` and ``hub_name``. ``hub_ids``
    keeps only what those hubs touched (``None``: every hub). Four queries, whatever the
    number of steps."""
    from .models import Certificate

    hub_q = {} if hub_ids is None else {"call__hub_id__in": hub_ids}
    steps = []
    # Crossing hubs on purpose: one person's path; the caller decides which hubs it may see.
    with scopes_disabled():
        for a in (Application.objects.filter(applicant=user, **hub_q)
                  .exclude(state=ApplicationState.DRAFT).select_related("call__hub")):
            hub = a.call.hub
            base = {"hub_id": hub.pk, "hub_name": hub.name}
            steps.append({**base, "kind": "applied", "at": a.submitted_at or a.created,
                          "title": a.call.title, "detail": a.project_title})
            if a.decided_at and a.state in (*OFFERED_STATES, ApplicationState.WAITLISTED,
                                             ApplicationState.REJECTED):
                steps.append({**base, "kind": "accepted" if a.state in OFFERED_STATES
                              else "decided", "at": a.decided_at, "title": a.call.title,
                              "detail": a.get_state_display()})
        member_q = {} if hub_ids is None else {"cohort__hub_id__in": hub_ids}
        members = list(CohortMember.objects.filter(user=user, **member_q)
                       .select_related("cohort__hub"))
        for m in members:
            # Members added before the cohort started count from its first day.
            start = datetime.combine(m.cohort.starts_on, time(9), tzinfo=UTC)
            steps.append({"kind": "cohort", "at": min(m.joined_at, start), "title": m.cohort.name,
                          "detail": m.get_status_display(), "hub_id": m.cohort.hub_id,
                          "hub_name": m.cohort.hub.name})
        for s in (MilestoneSubmission.objects.filter(member__in=members,
                                                     state=MilestoneState.APPROVED)
                  .select_related("milestone__cohort__hub")):
            cohort = s.milestone.cohort
            steps.append({"kind": "milestone", "at": s.reviewed_at or s.submitted_at,
                          "title": s.milestone.title, "detail": cohort.name,
                          "hub_id": cohort.hub_id, "hub_name": cohort.hub.name})
        for c in Certificate.objects.filter(member__in=members).select_related(
                "member__cohort__hub"):
            cohort = c.member.cohort
            steps.append({"kind": "certificate", "at": c.issued_at, "title": cohort.name,
                          "detail": c.code, "hub_id": cohort.hub_id,
                          "hub_name": cohort.hub.name})
    return steps


def member_lineage(member_id) -> dict | None:
    """Where a showcase project that grew from cohort membership ``member_id`` came from:
    ``cohort``, ``hub_name``, ``call`` (the call applied to, "" if none). One query."""
    if not member_id:
        return None
    # The showcase reads this for its public page; no request scope applies.
    with scopes_disabled():
        m = (CohortMember.objects.select_related("cohort__hub", "application__call")
             .filter(pk=member_id).first())
    if m is None:
        return None
    return {"cohort": m.cohort.name, "hub_name": m.cohort.hub.name,
            "call": m.application.call.title if m.application else ""}


def office_hour_ratings(*, start=None, end=None) -> dict[int, dict]:
    """``{hub_id: {"satisfaction_office_hours_n": ratings, "satisfaction_office_hours_sum":
    their total}}`` for the satisfaction figures: participants' ratings (1 to 5) of held
    office hours, by the office hour's date. One query."""
    from .models import BookingStatus, OfficeHourBooking

    # Programme-wide figures for the consortium console: they cross hubs by design.
    with scopes_disabled():
        rows = (OfficeHourBooking.objects
                .filter(status=BookingStatus.HELD, rating__isnull=False)
                .filter(period_q("slot__starts_at__date", start, end))
                .values("slot__hub_id").annotate(n=Count("id"), total=Sum("rating"))
                .order_by())
        return {row["slot__hub_id"]: {"satisfaction_office_hours_n": row["n"],
                                      "satisfaction_office_hours_sum": row["total"]}
                for row in rows}
