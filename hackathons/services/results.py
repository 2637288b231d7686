"""Results: raw weighted means, per-judge z-score normalisation, ranking, prizes.

A judge's *total* for a submission is their weighted score on a 0–100 scale:
``100 × Σ(weight × score / highest score) / Σ weight`` over the criteria (only complete sets
of scores count). The *raw* score of a submission is the mean of its judges' totals.

Normalisation: for each judge, the z-score of each of their totals against all the totals
that judge gave in this hackathon, ``(total − judge mean) / judge standard deviation``
(population deviation; a judge whose totals are all equal, or who scored one submission,
contributes 0; :func:`creaconnect.review.scores.normalise`, the rule call review shares). The
*normalised* score of a submission is the mean of its judges' z-scores,
so a harsh and a lenient judge weigh alike.

Ranking, highest first, ties broken in this order (``TIE_BREAK``):
  1. normalised score;
  2. raw weighted mean;
  3. mean score on the heaviest criterion (the first in rubric order among equals);
  4. earlier final submission time.
Staff see the spread (highest − lowest total) of each submission; a judge's total more than
``OUTLIER_POINTS`` away from the mean of the other judges' totals is flagged as an outlier.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creaconnect.core import audit
from creaconnect.core.scoring import weighted_total
from creaconnect.review.scores import normalise

from ..models import (
    Criterion,
    HackathonStatus,
    JudgeAssignment,
    Prize,
    Score,
    Submission,
    SubmissionStatus,
)
from . import HackathonError

OUTLIER_POINTS = 20.0
# The normalised score (a mean z-score, around 0) shown on a readable scale: 50 is a judge's
# average, every 10 points is one standard deviation (a "T-score"). Monotonic, so the order
# of the readable figure is the order of the ranking.
READABLE_CENTRE = 50.0
READABLE_STEP = 10.0
TIE_BREAK = [
    gettext_lazy("normalised score (mean of the judges' z-scores)"),
    gettext_lazy("raw weighted mean"),
    gettext_lazy("mean score on the heaviest criterion"),
    gettext_lazy("earlier final submission"),
]


def readable_score(normalised):
    """``normalised`` (mean of z-scores) → the 50 ± 10 scale shown to people; None stays None."""
    if normalised is None:
        return None
    return READABLE_CENTRE + READABLE_STEP * normalised


@dataclass
class JudgeTotal:
    judge: object
    total: float
    z: float = 0.0
    outlier: bool = False


@dataclass
class Row:
    submission: Submission
    raw: float
    normalised: float
    judges: list[JudgeTotal] = field(default_factory=list)
    criterion_means: dict = field(default_factory=dict)  # criterion id -> mean value
    spread: float = 0.0
    rank: int = 0

    @property
    def team(self):
        return self.submission.team

    @property
    def has_outlier(self) -> bool:
        return any(j.outlier for j in self.judges)


@dataclass
class Results:
    criteria: list
    rows: list[Row]
    judge_stats: list[dict]

    def row_for(self, submission_id):
        return next((r for r in self.rows if r.submission.pk == submission_id), None)


def compute_results(hackathon) -> Results:  # noqa: C901  the ranking rules in their order
    """Compute the ranking from the scores, in four queries."""
    criteria = list(Criterion.objects.filter(hackathon=hackathon))
    subs = {s.pk: s for s in Submission.objects
            .filter(hackathon=hackathon, status=SubmissionStatus.SUBMITTED)
            .select_related("team", "challenge")}
    grid = defaultdict(dict)  # (submission, judge) -> {criterion: value}
    for s_id, j_id, c_id, v in Score.objects.filter(hackathon=hackathon).values_list(
            "submission_id", "judge_id", "criterion_id", "value"):
        if s_id in subs:
            grid[(s_id, j_id)][c_id] = v
    judges = {a.judge_id: a.judge for a in JudgeAssignment.objects.filter(hackathon=hackathon)
              .select_related("judge")}
    totals = {}
    for (s_id, j_id), values in grid.items():
        t = weighted_total(criteria=criteria, scores=values) if criteria else None
        if t is not None:
            totals[(s_id, j_id)] = float(t)  # the ranking's statistics work in floats
    by_judge = defaultdict(list)
    for (_s, j), t in totals.items():
        by_judge[j].append(t)
    z_scores = normalise(totals)  # the review engine's per-judge z-scores (the one rule)
    judge_stats = []
    for j, ts in by_judge.items():
        mean = statistics.fmean(ts)
        sd = statistics.pstdev(ts) if len(ts) > 1 else 0.0
        judge_stats.append({"judge": judges.get(j), "count": len(ts), "mean": mean, "sd": sd,
                            "min": min(ts), "max": max(ts)})
    judge_stats.sort(key=lambda d: str(d["judge"]))
    heaviest = max(criteria, key=lambda c: (c.weight, -c.order, -c.pk)) if criteria else None
    rows = []
    for s_id, sub in subs.items():
        jts = []
        for (s2, j), t in totals.items():
            if s2 != s_id:
                continue
            jts.append(JudgeTotal(judge=judges.get(j), total=t, z=z_scores[(s2, j)]))
        if not jts:
            continue
        jts.sort(key=lambda x: str(x.judge))
        for jt in jts:
            others = [o.total for o in jts if o is not jt]
            jt.outlier = bool(others) and abs(jt.total - statistics.fmean(others)) > OUTLIER_POINTS
        cmeans = {}
        for c in criteria:
            vals = [grid[(s_id, j)][c.pk] for (s2, j) in totals if s2 == s_id]
            cmeans[c.pk] = statistics.fmean(vals) if vals else 0.0
        rows.append(Row(submission=sub, raw=statistics.fmean(t.total for t in jts),
                        normalised=statistics.fmean(t.z for t in jts), judges=jts,
                        criterion_means=cmeans,
                        spread=max(t.total for t in jts) - min(t.total for t in jts)))

    def key(row):
        return (-round(row.normalised, 9), -round(row.raw, 9),
                -round(row.criterion_means.get(heaviest.pk, 0.0), 9) if heaviest else 0,
                row.submission.submitted_at or row.submission.created, row.submission.pk)

    rows.sort(key=key)
    for i, row in enumerate(rows, start=1):
        row.rank = i
    return Results(criteria=criteria, rows=rows, judge_stats=judge_stats)


def award_prize(*, prize: Prize, team, actor) -> Prize:
    """Staff decide a prize's winner from the ranking (or clear it with ``team=None``)."""
    hackathon = prize.hackathon
    if hackathon.status not in (HackathonStatus.JUDGING, HackathonStatus.RESULTS_PUBLISHED):
        raise HackathonError(_("Prizes are awarded once judging has started."))
    if team is not None:
        if team.hackathon_id != hackathon.pk:
            raise HackathonError(_("Please choose a team of this hackathon."))
        if prize.challenge_id and team.challenge_id != prize.challenge_id:
            raise HackathonError(_("This prize is for teams of the challenge “%(c)s”.")
                                 % {"c": prize.challenge})
    with transaction.atomic():
        prize.winner = team
        prize.save(update_fields=["winner"])
        audit.record(actor=actor, action="hackathon.prize_awarded", target=prize,
                     hub=hackathon.hub, data={"team": team.name if team else None})
    return prize
