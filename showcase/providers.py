"""What the showcase contributes to the infrastructure: notification kinds, navigation, the
console tab and the dashboard section of consent requests. Imported from ``ready``."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from creaconnect.core.registry import (
    console_nav_items,
    dashboard_section_providers,
    hub_figure_providers,
    nav_items,
    register,
)
from creaconnect.notifications import kinds as notification_kinds

from .models import ConsentState, ProjectState, ShowcaseProject
from .queries import consents_for_user, person_path

if (30, _("Showcase"), "showcase:gallery") not in nav_items:
    nav_items.append((30, _("Showcase"), "showcase:gallery"))
if (30, _("Showcase"), "showcase_console:list") not in console_nav_items:
    console_nav_items.append((30, _("Showcase"), "showcase_console:list"))

notification_kinds.register("showcase.consent_requested",
                            _("Requests to approve a project's publication in the showcase"),
                            always_on=True)
notification_kinds.register("showcase.consent_update",
                            _("Answers to the showcase consent requests I sent"))
notification_kinds.register("showcase.published",
                            _("My project went public in the showcase"))
notification_kinds.register("showcase.interest",
                            _("Messages from visitors interested in my showcase project"))


@register(dashboard_section_providers)
def consent_section(request):
    credits = consents_for_user(request.user) if request.user.is_authenticated else []
    if not credits:
        return []
    waiting = [c for c in credits if c.consent == ConsentState.PENDING]
    return [{"title": _("Showcase"), "template": "showcase/_dashboard_consents.html",
             "context": {"showcase_credits": credits, "showcase_waiting": waiting},
             "order": 40}]


@register(dashboard_section_providers)
def path_section(request):
    """The participant's own path across the three actions, as a compact timeline."""
    steps = person_path(request.user) if request.user.is_authenticated else []
    if not steps:
        return []
    return [{"title": _("My path"), "template": "showcase/_path.html",
             "context": {"steps": steps}, "order": 5}]


@register(hub_figure_providers)
def showcase_figures(hub):
    """Console home: the hub's projects on show and waiting for consent (in the hub scope)."""
    states = dict(ShowcaseProject.objects.filter(hub=hub).order_by().values_list("state")
                  .annotate(n=Count("pk")).values_list("state", "n"))
    return [(_("Projects in the showcase"), states.get(ProjectState.PUBLISHED, 0)),
            (_("Showcase projects awaiting consent"),
             states.get(ProjectState.AWAITING_CONSENT, 0))]
