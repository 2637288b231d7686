"""What the surveys contribute: two notification kinds, a hub console tab and a dashboard
section listing a person's open surveys. Imported from ``SurveysConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from creaconnect.core.registry import console_nav_items, dashboard_section_providers, register
from creaconnect.notifications import kinds as notification_kinds

notification_kinds.register("surveys.invitation", _("Satisfaction survey after an activity"))
notification_kinds.register("surveys.reminder", _("Reminder of an unanswered survey"))

if (40, _("Surveys"), "surveys_console:list") not in console_nav_items:
    console_nav_items.append((40, _("Surveys"), "surveys_console:list"))


@register(dashboard_section_providers)
def open_surveys_section(request):
    """The participant's surveys waiting for an answer."""
    from .queries import open_invitations_for

    invitations = open_invitations_for(request.user)
    if not invitations:
        return []
    return [{"title": _("Your opinion, please"), "template": "surveys/_dashboard.html",
             "context": {"survey_invitations": invitations}, "order": 15}]
