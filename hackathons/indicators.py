"""Read-side queries of the hackathons app for the funder's indicators report (consortium).

Querysets and aggregates computed in the database; nothing loops over people in Python.
They cross hubs by design: the report is programme-wide.
"""

from django.db.models import CharField, Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django_scopes import scopes_disabled

from creaconnect.core.periods import period_q

from .models import (
    Hackathon,
    MentorAssignment,
    PanelJudge,
    Prize,
    Registration,
    RegistrationStatus,
    Team,
)


def participations():
    """One queryset per kind of taking part: ``p_hub, p_user, p_role, p_country`` (the host
    hub's country), ``p_at`` (the hackathon's first day). Unfiltered by period."""
    with scopes_disabled():
        return [
            Registration.objects.exclude(status=RegistrationStatus.CANCELLED).values(
                p_hub=F("hackathon__hub_id"), p_user=F("user_id"),
                p_role=Value("hacker", output_field=CharField()),
                p_country=F("hackathon__hub__country"),
                p_at=TruncDate("hackathon__starts_at")),
            PanelJudge.objects.values(
                p_hub=F("hackathon__hub_id"), p_user=F("judge_id"),
                p_role=Value("expert", output_field=CharField()),
                p_country=F("hackathon__hub__country"),
                p_at=TruncDate("hackathon__starts_at")),
            MentorAssignment.objects.values(
                p_hub=F("hackathon__hub_id"), p_user=F("mentor_id"),
                p_role=Value("mentor", output_field=CharField()),
                p_country=F("hackathon__hub__country"),
                p_at=TruncDate("hackathon__starts_at")),
        ]


def participants_by_country(*, start=None, end=None):
    """``[{hub_id, country, people}]``: registered people (not cancelled) of the hackathons
    that started in the period, by the country they gave when registering. One query."""
    with scopes_disabled():
        return list(Registration.objects.exclude(status=RegistrationStatus.CANCELLED)
                    .filter(period_q("hackathon__starts_at__date", start, end))
                    .values("country", hub_id=F("hackathon__hub_id"))
                    .annotate(people=Count("user_id", distinct=True)).order_by())


def indicator_figures(*, start=None, end=None) -> dict[int, dict]:
    """``{hub_id: {figure: value}}`` over the hackathons that started in the period:
    hackathons, prizes awarded, international teams (members registered from two countries
    or more) and experts judging from another country than the host hub's. Four queries."""
    figures: dict[int, dict] = {}

    def merge(rows, key="hackathon__hub_id"):
        for row in rows:
            figures.setdefault(row.pop(key), {}).update(row)

    in_period = period_q("hackathon__starts_at__date", start, end)
    with scopes_disabled():
        merge(Hackathon.objects.filter(period_q("starts_at__date", start, end))
              .values("hub_id").annotate(hackathons=Count("id")).order_by(), "hub_id")
        merge(Prize.objects.filter(in_period, winner__isnull=False)
              .values("hackathon__hub_id").annotate(prizes=Count("id")).order_by())
        countries = (Registration.objects
                     .filter(hackathon_id=OuterRef("hackathon_id"),
                             user__hackathon_team_memberships__team_id=OuterRef("pk"))
                     .order_by().values("hackathon_id")
                     .annotate(n=Count("country", distinct=True)).values("n"))
        merge(Team.objects.filter(in_period)
              .annotate(n_countries=Coalesce(Subquery(countries, output_field=IntegerField()),
                                             0))
              .filter(n_countries__gte=2)
              .values("hackathon__hub_id").annotate(international_teams=Count("id"))
              .order_by())
        merge(PanelJudge.objects.filter(in_period, judge__expert_profile__isnull=False)
              .exclude(judge__expert_profile__country=F("hackathon__hub__country"))
              .values("hackathon__hub_id")
              .annotate(foreign_experts=Count("judge_id", distinct=True)).order_by())
    return figures
