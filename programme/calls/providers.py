"""What the calls side contributes to the infrastructure and the shared pages. Imported from
``ProgrammeConfig.ready``; the cohorts side registers its own in ``programme.cohorts.providers``."""

from django.utils.translation import gettext_lazy as _

from creaconnect.core.i18n_content import localised
from creaconnect.core.registry import (
    console_nav_items,
    dashboard_section_providers,
    hub_figure_providers,
    nav_items,
    open_now_providers,
    register,
)
from creaconnect.notifications import kinds

nav_items.append((10, _("Programme"), "programme:calls"))
console_nav_items.append((10, _("Calls"), "programme_console:calls"))

kinds.register("programme.application.submitted", _("Confirmation of my applications"))
kinds.register("programme.application.accepted", _("Decisions on my applications"),
               always_on=True)
kinds.register("programme.application.waitlisted", _("Waiting-list decisions"), always_on=True)
kinds.register("programme.application.rejected", _("Selection results"), always_on=True)
kinds.register("programme.application.welcome", _("Welcome to a cohort"))
kinds.register("programme.application.co_applicant", _("Invitations to joint applications"),
               always_on=True)
kinds.register("programme.application.draft_reminder",
               _("Reminders about unfinished applications"))
kinds.register("programme.review.assigned", _("Applications I am asked to review"))
kinds.register("programme.review.round_due", _("Reminders about unfinished reviews"))


@register(open_now_providers)
def open_calls(request):
    from .services.calls import public_calls

    is_open, _upcoming, _closed = public_calls()
    return [{"title": localised(c, "title"), "url": c.get_absolute_url(), "kind": _("Call"),
             "hub": c.hub.name, "hub_id": c.hub_id, "until": c.closes_at} for c in is_open]


@register(dashboard_section_providers)
def my_applications(request):
    from .services.applications import applications_for_user
    from .services.review_results import feedback_by_application

    apps = applications_for_user(request.user)
    if not apps:
        return []
    decided = [a for a in apps if a.decided_at is not None]
    feedback = feedback_by_application(decided) if decided else {}
    for application in apps:  # the reviewers' comments staff chose to send, anonymised
        application.feedback = feedback.get(application.pk, [])
    return [{"title": _("My applications"), "template": "programme/calls/_dashboard.html",
             "context": {"applications": apps}}]


@register(dashboard_section_providers)
def my_reviews(request):
    """Applications the person is asked to review (staff or an expert of the pool)."""
    from .services.review_rounds import assignments_for_reviewer

    rows = assignments_for_reviewer(request.user)
    if not rows:
        return []
    return [{"title": _("Applications to review"), "template": "programme/reviewer/_dashboard.html",
             "context": {"total": len(rows), "todo": sum(1 for r in rows if not r.reviewed)},
             "order": 15}]


@register(hub_figure_providers)
def call_figures(hub):
    from .models import Application, ApplicationState, Call

    return [
        (_("Calls"), Call.objects.filter(hub=hub).count()),
        # Submitted and still in play: drafts and withdrawn applications are not counted.
        (_("Applications submitted"),
         Application.objects.filter(call__hub=hub).exclude(
             state__in=[ApplicationState.DRAFT, ApplicationState.WITHDRAWN]).count()),
    ]


