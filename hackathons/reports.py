"""The hackathon results report (PDF): ranking, criterion breakdown, judge statistics."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from creaconnect.core.i18n_content import localised
from creaconnect.reports.charts import bar_chart, hbar_chart

from .models import Hackathon
from .queries import winners
from .services.results import OUTLIER_POINTS, TIE_BREAK, compute_results, readable_score


def build_results_report(report) -> dict:
    """Context of ``hackathons/reports/results.html``; ``report.params['hackathon']`` is the
    hackathon's id and the report's hub must be its host hub."""
    with scopes_disabled():  # the worker has no request scope: resolve, then scope to the hub
        hackathon = Hackathon.objects.select_related("hub").get(
            pk=report.params["hackathon"], hub_id=report.hub_id)
    with scope(hub=hackathon.hub):
        results = compute_results(hackathon)
        prizes = winners(hackathon)
        top = results.rows[:12]
        # The figure the ranking uses (on the public page's 50 ± 10 scale), so the bars
        # fall with the rank.
        ranking_chart = hbar_chart([(r.team.name, round(readable_score(r.normalised), 1))
                                    for r in top],
                                   colour=hackathon.hub.brand_colour,
                                   title=_("Normalised score of the best teams"))
        criteria_chart = bar_chart(
            [(localised(c, "name"), round(sum(r.criterion_means.get(c.pk, 0) for r in results.rows)
                            / max(1, len(results.rows)), 2)) for c in results.criteria],
            colour=hackathon.hub.brand_colour, title=_("Mean score per criterion"))
        judge_chart = hbar_chart([(str(s["judge"]), round(s["mean"], 1))
                                  for s in results.judge_stats],
                                 colour="#44525c", title=_("Mean total given by each judge"))
        return {
            "hackathon": hackathon, "hub": hackathon.hub, "results": results,
            "rows": results.rows, "criteria": results.criteria, "prizes": prizes,
            "judge_stats": results.judge_stats, "tie_break": TIE_BREAK,
            "outlier_points": OUTLIER_POINTS, "ranking_chart": ranking_chart,
            "criteria_chart": criteria_chart, "judge_chart": judge_chart,
            "generated": timezone.now(),
            "figures": [(_("Projects ranked"), len(results.rows)),
                        (_("Judges"), len(results.judge_stats)),
                        (_("Criteria"), len(results.criteria)),
                        (_("Prizes awarded"), len(prizes))],
        }
