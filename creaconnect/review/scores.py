"""From reviewers' scores to figures staff can rank by: normalised, mean, median, spread.

* A reviewer's **total** for an item is the weighted total of their criterion scores on 0–100
  (:func:`creaconnect.core.scoring.weighted_total`, the one copy of that rule), computed by
  :func:`total`.
* **Normalisation.** Each reviewer's totals become z-scores against everything that reviewer
  scored: ``(total − reviewer's mean) / reviewer's standard deviation`` (population deviation;
  a reviewer who scored one item, or gave every item the same total, contributes 0). A harsh
  and a lenient reviewer then weigh alike. An item's *normalised* figure is the mean of its
  reviewers' z-scores.
* **Mean, median and spread** (highest − lowest total) of each item's totals.
* **Disagreement.** An item is flagged when its spread is above ``DISAGREEMENT_POINTS`` (20
  points of 100 by default): the reviewers saw it differently, and someone should read why
  before it is ranked.

Staff choose which figure ranks (:class:`RankBy`); ties fall to the next figures in a fixed
order, then the item id.
"""

import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from creaconnect.core.scoring import weighted_total

#: Spread (highest − lowest total, on 0–100) above which an item's reviewers disagree.
DISAGREEMENT_POINTS = 20.0


class RankBy(StrEnum):
    NORMALISED = "normalised"
    MEAN = "mean"
    MEDIAN = "median"

    @property
    def label(self):
        return {RankBy.NORMALISED: _("normalised (mean of reviewers' z-scores)"),
                RankBy.MEAN: _("mean"), RankBy.MEDIAN: _("median")}[self]


def total(*, criteria: Iterable, scores: Mapping[int, int]) -> float | None:
    """One reviewer's weighted total of one item on 0–100 (``None`` while incomplete)."""
    value = weighted_total(criteria=criteria, scores=scores)
    return None if value is None else float(value)


def normalise(totals: Mapping[tuple, float]) -> dict[tuple, float]:
    """``{(item, reviewer): total}`` → ``{(item, reviewer): z-score}`` per reviewer."""
    by_reviewer = defaultdict(list)
    for (_item, reviewer), value in totals.items():
        by_reviewer[reviewer].append(value)
    moments = {}
    for reviewer, values in by_reviewer.items():
        sd = statistics.pstdev(values) if len(values) > 1 else 0.0
        moments[reviewer] = (statistics.fmean(values), sd)
    z = {}
    for (item, reviewer), value in totals.items():
        mean, sd = moments[reviewer]
        z[(item, reviewer)] = (value - mean) / sd if sd > 0 else 0.0
    return z


@dataclass
class ItemSummary:
    item: Hashable
    totals: dict = field(default_factory=dict)   # reviewer → total
    z: dict = field(default_factory=dict)        # reviewer → z-score
    threshold: float = DISAGREEMENT_POINTS

    @property
    def count(self) -> int:
        return len(self.totals)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.totals.values())

    @property
    def median(self) -> float:
        return float(statistics.median(self.totals.values()))

    @property
    def spread(self) -> float:
        return max(self.totals.values()) - min(self.totals.values())

    @property
    def normalised(self) -> float:
        return statistics.fmean(self.z.values())

    @property
    def disagreement(self) -> bool:
        return self.count > 1 and self.spread > self.threshold

    def figure(self, by: RankBy) -> float:
        return {RankBy.NORMALISED: self.normalised, RankBy.MEAN: self.mean,
                RankBy.MEDIAN: self.median}[RankBy(by)]


def summarise(totals: Mapping[tuple, float], *,
              threshold: float = DISAGREEMENT_POINTS) -> dict[Hashable, ItemSummary]:
    """Per item: its totals, z-scores, mean, median, spread and disagreement flag.

    ``totals`` maps ``(item, reviewer)`` → total on 0–100 (complete scores only). No side
    effect.
    """
    z = normalise(totals)
    out = {}
    for (item, reviewer), value in totals.items():
        summary = out.setdefault(item, ItemSummary(item=item, threshold=threshold))
        summary.totals[reviewer] = value
        summary.z[reviewer] = z[(item, reviewer)]
    return out


def rank(summaries: Iterable[ItemSummary], *, by: RankBy = RankBy.NORMALISED) -> list:
    """Items best first by ``by``, ties by the other figures (normalised, mean, median in
    that order), then by item id."""
    order = [RankBy(by)] + [f for f in RankBy if f != RankBy(by)]
    return sorted(summaries, key=lambda s: (*(-s.figure(f) for f in order), repr(s.item)))
