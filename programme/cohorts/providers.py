"""Cohort-side contributions (dashboard, mentor space, console tabs, report kinds)."""

from django.utils.translation import gettext_lazy as _

from creaconnect.core.registry import (
    console_nav_items,
    dashboard_section_providers,
    hub_figure_providers,
    mentor_section_providers,
    register,
)
from creaconnect.notifications import kinds as notification_kinds
from creaconnect.reports import kinds as report_kinds

from ..calls.services.applications import place_takers
from .services import certificates as certificate_services
from .services import cohorts as cohort_services
from .services.office_hours_mail import booking_calendar

console_nav_items.append((12, _("Cohorts"), "programme_console:cohorts"))
console_nav_items.append((13, _("Office hours"), "programme_console:office_hours"))

# A confirmed place becomes a seat in the call's cohort.
register(place_takers)(cohort_services.seat_applicant)

for key, label in [
    ("programme.session.scheduled", _("New training sessions in my cohort")),
    ("programme.session.changed", _("Changes to training sessions I signed up for")),
    ("programme.session.cancelled", _("Cancelled training sessions")),
    ("programme.session.reminder", _("Reminders the day before a training session")),
    ("programme.mentor.assigned", _("Participants assigned to me as a mentor")),
    ("programme.mentor.introduced", _("My mentor in a cohort")),
    ("programme.mentor.session_logged", _("Notes from my mentoring sessions")),
    ("programme.milestone.submitted", _("Milestone evidence from my mentees")),
    ("programme.milestone.reviewed", _("Reviews of my milestone evidence")),
    ("programme.certificate.issued", _("My programme certificate")),
]:
    notification_kinds.register(key, label)

# Office hours: each side's message carries the calendar entry in their own time zone.
for key, label in [
    ("programme.office_hours.booked", _("My office hour bookings")),
    ("programme.office_hours.booked_mentor", _("Bookings of my office hours")),
    ("programme.office_hours.moved", _("Office hours moved to another time")),
    ("programme.office_hours.cancelled", _("Cancelled office hours")),
]:
    notification_kinds.register(key, label, attachments=booking_calendar)
notification_kinds.register("programme.office_hours.reminder",
                            _("Reminders the day before an office hour"))

report_kinds.register(report_kinds.ReportKind(
    key=certificate_services.CERTIFICATE_REPORT,
    label=_("Certificate of completion"),
    template="reports/certificate.html",
    build_context=certificate_services.build_certificate,
    permission="programme.issue_certificate",
    filename=certificate_services.certificate_filename,
    listed=False,
))
report_kinds.register(report_kinds.ReportKind(
    key=cohort_services.COHORT_REPORT,
    label=_("Cohort report"),
    template="reports/cohort_report.html",
    build_context=cohort_services.build_cohort_report,
    permission="programme.manage_cohort",
    filename=cohort_services.cohort_report_filename,
    listed=False,  # needs a cohort: requested from the cohort's console page
))


@register(dashboard_section_providers)
def cohort_section(request):
    memberships = cohort_services.memberships_for_user(request.user)
    if not memberships:
        return []
    return [{"title": _("My cohorts"), "template": "programme/cohorts/_dashboard.html",
             "context": {"memberships": memberships}, "order": 20}]


@register(dashboard_section_providers)
def mentor_section(request):
    from .services.mentoring import assignments_for_mentor

    assignments = assignments_for_mentor(request.user)
    if not assignments:
        return []
    return [{"title": _("Mentoring"), "template": "programme/mentor/_dashboard.html",
             "context": {"assignments": assignments}, "order": 30}]


@register(hub_figure_providers)
def cohort_figures(hub):
    """Figures on the console home and in the hub overview report (inside the hub's scope)."""
    from .models import Certificate, CohortMember, MemberStatus

    return [
        (_("Cohort participants"), CohortMember.objects.filter(cohort__hub=hub)
         .exclude(status=MemberStatus.LEFT).count()),
        (_("Certificates issued"), Certificate.objects.filter(member__cohort__hub=hub).count()),
    ]


@register(mentor_section_providers)
def office_hours_mentor_section(request):
    """The mentor space: how many of their coming office hours are free or booked."""
    from .services.office_hours import mentor_hubs
    from .services.office_hours_queries import slots_for_mentor

    if not mentor_hubs(request.user).exists():
        return []
    coming = [s for s in slots_for_mentor(request.user) if not s.started]
    booked = sum(1 for s in coming if s.booking is not None)
    return [{"title": _("Office hours"), "template": "programme/office_hours/_mentor_section.html",
             "context": {"free": len(coming) - booked, "booked": booked}}]


@register(dashboard_section_providers)
def office_hours_section(request):
    """The dashboard of a person who may book office hours or has booked some."""
    from .services.office_hours import free_slots_for_user
    from .services.office_hours_queries import bookings_for_person

    if not request.user.is_authenticated:
        return []
    free = free_slots_for_user(request.user)
    coming = [b for b in bookings_for_person(request.user) if b.upcoming]
    if not free and not coming:
        return []
    return [{"title": _("Office hours"), "template": "programme/office_hours/_dashboard.html",
             "context": {"free": len(free), "next": coming[0] if coming else None},
             "order": 31}]
