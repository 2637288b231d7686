"""What the hackathons app contributes to the infrastructure: navigation, the console tab,
notification kinds, the results report, "open now" items, the participant's dashboard
section and the mentor-space section. Imported from ``HackathonsConfig.ready``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creaconnect.core.i18n_content import localised
from creaconnect.core.registry import (
    console_nav_items,
    dashboard_section_providers,
    hub_figure_providers,
    mentor_section_providers,
    nav_items,
    office_hours_booker_providers,
    open_now_providers,
    register,
)
from creaconnect.notifications import kinds as notification_kinds
from creaconnect.reports import kinds as report_kinds

from . import queries as hackathon_queries
from .queries import judge_queue, mentored_teams, my_hackathons, open_hackathons
from .reports import build_results_report

nav_items.append((20, _("Hackathons"), "hackathons:list"))
console_nav_items.append((20, _("Hackathons"), "hackathons_console:list"))

KINDS = {
    "hackathon.registered": _("My hackathon registrations"),
    "hackathon.waitlist_promoted": _("A place freed up for me at a hackathon"),
    "hackathon.started": _("A hackathon I registered for starts"),
    "hackathon.team_join_request": _("Someone asks to join my team"),
    "hackathon.team_join_decided": _("Answers to my requests to join a team"),
    "hackathon.team_invitation": _("Invitations to join a hackathon team"),
    "hackathon.team_member_joined": _("New members in my team"),
    "hackathon.team_member_left": _("Members leaving my team"),
    "hackathon.team_captain": _("I become the captain of a team"),
    "hackathon.team_locked": _("My team is locked for the hackathon"),
    "hackathon.team_mentor": _("A mentor is assigned to my team"),
    "hackathon.submission_submitted": _("My team's submission is submitted"),
    "hackathon.submission_extension": _("My team gets more time to submit"),
    "hackathon.submission_reminder": _("Reminder: the submission deadline is near"),
    "hackathon.mentor_assigned": _("I am assigned a team to mentor"),
    "hackathon.feedback_posted": _("New mentor feedback and replies"),
    "hackathon.judge_assigned": _("Submissions assigned to me for judging"),
    "hackathon.judging_reminder": _("Reminder: judging closes soon"),
    "hackathon.results_published": _("Results and feedback of my hackathon"),
}
notification_kinds.register("hackathon.expert_invited", _("Invitations to the expert pool"),
                            always_on=True)
for key, label in KINDS.items():
    notification_kinds.register(key, label)

report_kinds.register(report_kinds.ReportKind(
    key="hackathon_results",
    label=_("Hackathon results"),
    template="hackathons/reports/results.html",
    build_context=build_results_report,
    listed=False,  # requested from the hackathon's results page, with the hackathon's id
    filename=lambda report: f"hackathon-results-{report.params.get('slug', report.pk)}.pdf",
))


@register(open_now_providers)
def open_registrations(request):
    return [{"title": localised(h, "title"), "url": h.get_absolute_url(), "kind": _("Hackathon"),
             "hub": h.hub.name, "hub_id": h.hub_id, "until": h.registration_closes}
            for h in open_hackathons()]


@register(dashboard_section_providers)
def participant_section(request):
    regs = my_hackathons(request.user)
    items = []
    if regs:
        items.append({"title": _("My hackathons"), "template": "hackathons/_dashboard.html",
                      "context": {"registrations": regs}, "order": 20})
    queue = judge_queue(request.user)
    if queue:
        todo = sum(1 for a in queue if a.scored_at is None)
        items.append({"title": _("Judging"), "template": "hackathons/_dashboard_judge.html",
                      "context": {"total": len(queue), "todo": todo,
                                  "url": reverse("hackathons:judge_queue")}, "order": 25})
    return items


@register(mentor_section_providers)
def mentor_section(request):
    """The teams this mentor follows in hackathons (template ``hackathons/_mentor.html``)."""
    assignments = mentored_teams(request.user)
    if not assignments:
        return []
    return [{"title": _("Hackathon teams"), "template": "hackathons/_mentor.html",
             "context": {"assignments": assignments}, "order": 30}]


@register(hub_figure_providers)
def hackathon_figures(hub):
    """Console home and the hub overview report: the hub's hackathons, the people registered
    for them and the projects submitted (three counts, whatever the sizes)."""
    from .models import (
        Hackathon,
        Registration,
        RegistrationStatus,
        Submission,
        SubmissionStatus,
    )

    return [
        (_("Hackathons hosted"), Hackathon.objects.filter(hub=hub).count()),
        (_("Hackathon participants"), Registration.objects.filter(
            hackathon__hub=hub, status=RegistrationStatus.REGISTERED).count()),
        (_("Hackathon projects submitted"), Submission.objects.filter(
            hackathon__hub=hub, status=SubmissionStatus.SUBMITTED).count()),
    ]


@register(office_hours_booker_providers)
class TeamOfficeHours:
    """Office hours for hackathon teams: a team's mentor may offer them at the hackathon's
    hub and the team's members book them; the hub may open them to its hackathons' people."""

    mentor_hub_ids = staticmethod(hackathon_queries.team_mentor_hub_ids)
    mentor_pairs = staticmethod(hackathon_queries.team_mentor_pairs)
    participant_hub_ids = staticmethod(hackathon_queries.participant_hub_ids)

