"""Read-side queries of the showcase app for the funder's indicators report (consortium).

Aggregates computed in the database; programme-wide by design.
"""

from django.db.models import Count, Q
from django_scopes import scopes_disabled

from creaconnect.core.periods import period_q

from .models import Award, ShowcaseEvent, ShowcaseProject


def indicator_figures(*, start=None, end=None) -> dict[int, dict]:
    """``{hub_id: {figure: value}}``: awards of the period's years, and the projects
    presented at the final event(s) held in the period. Two queries."""
    figures: dict[int, dict] = {}
    years = Q()
    if start is not None:
        years &= Q(year__gte=start.year)
    if end is not None:
        years &= Q(year__lte=end.year)
    with scopes_disabled():
        for row in (Award.objects.filter(years).values("project__hub_id")
                    .annotate(awards=Count("id")).order_by()):
            figures.setdefault(row.pop("project__hub_id"), {}).update(row)
        for row in (ShowcaseProject.objects
                    .filter(period_q("events__starts_at__date", start, end),
                            events__isnull=False)
                    .values("hub_id").annotate(event_projects=Count("id", distinct=True))
                    .order_by()):
            figures.setdefault(row.pop("hub_id"), {}).update(row)
    return figures


def final_events(*, start=None, end=None) -> list[dict]:
    """The final event(s) held in the period: title, city, dates and projects presented."""
    return list(ShowcaseEvent.objects.filter(period_q("starts_at__date", start, end))
                .annotate(n_projects=Count("projects")).order_by("starts_at")
                .values("title", "city", "starts_at", "ends_at", "n_projects"))
