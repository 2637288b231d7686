"""Cohorts: creating and editing them, the queries around them and members' progress.

Progress is computed for a whole cohort in a fixed number of queries (one per measure), so the
console's cohort page costs the same for five and for fifty participants.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from creaconnect.core import audit

from ..models import (
    Certificate,
    Cohort,
    CohortMember,
    MemberStatus,
    MentorAssignment,
    MentoringSession,
    Milestone,
    MilestoneState,
    MilestoneSubmission,
    SessionSignup,
    TrainingSession,
)


class CohortError(Exception):
    """A change the cohort rules do not allow; the message is shown to the user."""


COHORT_FIELDS = ("name", "slug", "description", "starts_on", "ends_on",
                 "min_attendance_percent", "require_all_milestones")


def _check_dates(starts_on, ends_on):
    if starts_on and ends_on and ends_on < starts_on:
        raise CohortError(_("A cohort cannot end before it starts."))


def create_cohort(*, hub, actor, name, slug, starts_on, ends_on, description="",
                  min_attendance_percent=75, require_all_milestones=True) -> Cohort:
    """Create a cohort in ``hub``; writes ``cohort.created``."""
    _check_dates(starts_on, ends_on)
    try:
        with transaction.atomic():
            cohort = Cohort.objects.create(
                hub=hub, name=name, slug=slug, description=description, starts_on=starts_on,
                ends_on=ends_on, min_attendance_percent=min_attendance_percent,
                require_all_milestones=require_all_milestones)
            audit.record(actor=actor, action="cohort.created", target=cohort, hub=hub,
                         data={"slug": slug})
    except IntegrityError as exc:
        raise CohortError(_("This hub already has a cohort with the address “%(slug)s”.")
                          % {"slug": slug}) from exc
    return cohort


def update_cohort(*, cohort, actor, **changes) -> Cohort:
    """Change a cohort's fields (only those in ``COHORT_FIELDS``); writes ``cohort.updated``."""
    unknown = set(changes) - set(COHORT_FIELDS)
    if unknown:
        raise ValueError(f"unknown cohort fields: {sorted(unknown)}")
    _check_dates(changes.get("starts_on", cohort.starts_on), changes.get("ends_on", cohort.ends_on))
    try:
        with transaction.atomic():
            cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
            changed = {k: str(v) for k, v in changes.items() if getattr(cohort, k) != v}
            for key, value in changes.items():
                setattr(cohort, key, value)
            cohort.save()
            if changed:
                audit.record(actor=actor, action="cohort.updated", target=cohort,
                             hub=cohort.hub, data=changed)
    except IntegrityError as exc:
        raise CohortError(_("This hub already has a cohort with that address.")) from exc
    return cohort


# --- Queries ----------------------------------------------------------------------------

def seat_applicant(*, application, cohort) -> CohortMember:
    """Make the confirmed applicant a member of the call's cohort (or find their seat).

    Registered as the calls side's place taker and run inside ``confirm_place``'s
    transaction, which locks the application and writes the audit entry.
    """
    member, _created = CohortMember.objects.get_or_create(
        cohort=cohort, user_id=application.applicant_id, defaults={"application": application})
    return member


def cohorts_for_hub(hub):
    return (Cohort.objects.filter(hub=hub)
            .annotate(n_members=Count("members", filter=~Q(members__status=MemberStatus.LEFT),
                                      distinct=True),
                      n_sessions=Count("sessions", distinct=True))
            .order_by("-starts_on", "name"))


def members_of(cohort):
    """Members of ``cohort`` who have not left, with their user (one query)."""
    return (CohortMember.objects.filter(cohort=cohort).exclude(status=MemberStatus.LEFT)
            .select_related("user"))


def memberships_for_user(user):
    """Every cohort membership of ``user``, across hubs, with cohort and hub."""
    if not user.is_authenticated:
        return []
    # A person's own memberships span hubs by nature; the user filter is explicit.
    with scopes_disabled():
        return list(CohortMember.objects.filter(user=user).exclude(status=MemberStatus.LEFT)
                    .select_related("cohort", "cohort__hub").order_by("-cohort__starts_on"))


def membership_for_user(cohort, user):
    """``user``'s membership of ``cohort`` or ``None`` (call inside the cohort's hub scope)."""
    if not user.is_authenticated:
        return None
    return (CohortMember.objects.filter(cohort=cohort, user=user)
            .exclude(status=MemberStatus.LEFT).select_related("user", "cohort", "cohort__hub")
            .first())


# --- Progress -----------------------------------------------------------------------------

@dataclass
class Progress:
    member: CohortMember
    past_sessions: int = 0
    attended: int = 0
    milestones_total: int = 0
    approved: int = 0
    overdue: int = 0
    mentoring_minutes: int = 0
    min_attendance_percent: int = 0
    require_all_milestones: bool = True
    certificate: Certificate | None = None
    mentors: list = field(default_factory=list)

    @property
    def attendance_percent(self) -> int:
        """Share of the cohort's past sessions attended; 100 while none has taken place."""
        if not self.past_sessions:
            return 100
        return round(100 * self.attended / self.past_sessions)

    @property
    def milestones_percent(self) -> int:
        if not self.milestones_total:
            return 100
        return round(100 * self.approved / self.milestones_total)

    @property
    def mentoring_hours(self) -> float:
        return round(self.mentoring_minutes / 60, 1)

    @property
    def attendance_ok(self) -> bool:
        return self.attendance_percent >= self.min_attendance_percent

    @property
    def milestones_ok(self) -> bool:
        return not self.require_all_milestones or self.approved >= self.milestones_total

    @property
    def has_record(self) -> bool:
        """Something to judge completion by: a session that took place or a milestone."""
        return bool(self.past_sessions or self.milestones_total)

    @property
    def meets_completion_rule(self) -> bool:
        return self.has_record and self.attendance_ok and self.milestones_ok

    @property
    def is_behind(self) -> bool:
        """Below the attendance share needed, or a milestone past its due date not signed off."""
        return not self.attendance_ok or self.overdue > 0

    @property
    def can_get_certificate(self) -> bool:
        return self.certificate is None and self.meets_completion_rule


def progress_for_members(cohort, members, *, today: date | None = None,
                         with_mentors: bool = False) -> list[Progress]:
    """Progress of ``members`` (all in ``cohort``), in a fixed number of queries."""
    members = list(members)
    ids = [m.pk for m in members]
    today = today or timezone.localdate()
    rows = {m.pk: Progress(member=m, min_attendance_percent=cohort.min_attendance_percent,
                           require_all_milestones=cohort.require_all_milestones)
            for m in members}
    if not ids:
        return []
    past = TrainingSession.objects.filter(cohort=cohort, starts_at__lt=timezone.now()).count()
    attended = dict(SessionSignup.objects
                    .filter(member_id__in=ids, attended=True, session__cohort=cohort,
                            session__starts_at__lt=timezone.now())
                    .values("member_id").annotate(n=Count("id")).values_list("member_id", "n"))
    milestones = dict(Milestone.objects.filter(cohort=cohort).values_list("pk", "due_on"))
    approved = list(MilestoneSubmission.objects
                    .filter(member_id__in=ids, state=MilestoneState.APPROVED,
                            milestone__cohort=cohort)
                    .values_list("member_id", "milestone_id"))
    minutes = dict(MentoringSession.objects.filter(assignment__member_id__in=ids)
                   .values("assignment__member_id").annotate(n=Sum("duration_minutes"))
                   .values_list("assignment__member_id", "n"))
    certificates = {c.member_id: c for c in Certificate.objects.filter(member_id__in=ids)}
    approved_by_member: dict[int, set[int]] = {}
    for member_id, milestone_id in approved:
        approved_by_member.setdefault(member_id, set()).add(milestone_id)
    due = {pk for pk, due_on in milestones.items() if due_on < today}
    if with_mentors:
        for a in (MentorAssignment.objects.filter(member_id__in=ids).select_related("mentor")
                  .order_by("mentor__display_name")):
            rows[a.member_id].mentors.append(a.mentor)
    for pk, row in rows.items():
        done = approved_by_member.get(pk, set())
        row.past_sessions = past
        row.attended = attended.get(pk, 0)
        row.milestones_total = len(milestones)
        row.approved = len(done)
        row.overdue = len(due - done)
        row.mentoring_minutes = minutes.get(pk) or 0
        row.certificate = certificates.get(pk)
    return [rows[pk] for pk in ids]


def progress_for_member(member) -> Progress:
    return progress_for_members(member.cohort, [member])[0]


# --- The cohort report (PDF) ----------------------------------------------------------------

COHORT_REPORT = "cohort_report"


def _consenting_profiles(user_ids):
    """Profiles of the people among ``user_ids`` with an active demographics consent."""
    from creaconnect.accounts.choices import ConsentKind
    from creaconnect.accounts.models import ConsentRecord, Profile

    consenting = (ConsentRecord.objects.filter(user_id__in=user_ids,
                                               kind=ConsentKind.DEMOGRAPHICS,
                                               withdrawn_at__isnull=True)
                  .values("user_id"))
    return list(Profile.objects.filter(user_id__in=user_ids).filter(user_id__in=consenting))


def _tally(values) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def build_cohort_report(report) -> dict:
    """Template context of the cohort report (runs in the worker: enters the hub scope)."""
    from creaconnect.accounts.choices import Discipline, Gender
    from creaconnect.reports.charts import bar_chart, hbar_chart
    from hubs.models import Hub

    from ...calls.models import Application, ApplicationState

    hub = Hub.objects.get(pk=report.hub_id)
    colour = hub.brand_colour or "#1f6f5c"
    with scope(hub=hub):
        cohort = Cohort.objects.get(pk=report.params["cohort"], hub=hub)
        members = list(members_of(cohort))
        progress = progress_for_members(cohort, members, with_mentors=True)
        states = dict(Application.objects.filter(call__cohort=cohort).values("state")
                      .annotate(n=Count("id")).values_list("state", "n"))
        funnel = [(str(label), states.get(value, 0)) for value, label in ApplicationState.choices]
        sessions = list(TrainingSession.objects.filter(cohort=cohort)
                        .annotate(n_signed=Count("signups", distinct=True),
                                  n_attended=Count("signups", filter=Q(signups__attended=True),
                                                   distinct=True))
                        .order_by("starts_at", "pk"))
        milestones = list(Milestone.objects.filter(cohort=cohort).annotate(
            n_approved=Count("submissions", filter=Q(submissions__state=MilestoneState.APPROVED)),
            n_waiting=Count("submissions", filter=Q(submissions__state=MilestoneState.SUBMITTED)),
            n_changes=Count("submissions", filter=Q(submissions__state=MilestoneState.CHANGES)))
            .order_by("order", "due_on", "pk"))
    profiles = _consenting_profiles([m.user_id for m in members])
    countries = _tally(str(p.country.name) for p in profiles if p.country)
    genders = _tally(str(Gender(p.gender).label) for p in profiles if p.gender)
    disciplines = _tally(str(Discipline(d).label) for p in profiles for d in p.disciplines
                         if d in Discipline.values)
    past = [s for s in sessions if s.starts_at < timezone.now()]
    total_minutes = sum(p.mentoring_minutes for p in progress)
    return {
        "hub": hub,
        "report": report,
        "cohort": cohort,
        "progress": progress,
        "figures": [
            (_("Participants"), len(members)),
            (_("Training sessions"), len(sessions)),
            (_("Milestones"), len(milestones)),
            (_("Mentoring hours"), round(total_minutes / 60, 1)),
            (_("Meet the completion rule"), sum(p.meets_completion_rule for p in progress)),
            (_("Certificates issued"), sum(p.certificate is not None for p in progress)),
        ],
        "funnel": funnel,
        "funnel_chart": bar_chart([f for f in funnel if f[1]] or funnel[:1], colour=colour,
                                  title=_("Applications by state")),
        "consenting": len(profiles),
        "country_chart": hbar_chart(countries, colour=colour, title=_("Country")),
        "gender_chart": hbar_chart(genders, colour=colour, title=_("Gender")),
        "discipline_chart": hbar_chart(disciplines[:12], colour=colour, title=_("Discipline")),
        "sessions": sessions,
        "attendance_chart": bar_chart([(date_format(timezone.localtime(s.starts_at), "j M"),
                                        s.n_attended)
                                       for s in past], colour=colour,
                                      title=_("Attendance per session")),
        "milestones": milestones,
        "milestone_chart": hbar_chart([(m.title, m.n_approved) for m in milestones],
                                      colour=colour, title=_("Milestones signed off")),
        "mentoring_chart": hbar_chart([(p.member.user.name, p.mentoring_hours)
                                       for p in progress if p.mentoring_minutes],
                                      colour=colour, title=_("Mentoring hours")),
        "generated": timezone.now(),
        "allowed_media": {hub.logo.name} if hub.logo else set(),
    }


def cohort_report_filename(report) -> str:
    return f"cohort-report-{report.params.get('cohort', '')}-{report.created:%Y%m%d}.pdf"
