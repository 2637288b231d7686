"""Weighted totals of scored criteria, shared by programme review and hackathon judging.

Domain-free on purpose: a criterion is anything with ``pk``, ``weight`` and ``scale_max``, so
both apps import this one rule instead of keeping copies of it.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

#: Totals are kept to three decimals: the precision of ``Review.total`` and more than any page
#: shows (judging shows one decimal).
TOTAL_PLACES = Decimal("0.001")


def weighted_total(*, criteria: Iterable, scores: Mapping[int, int]) -> Decimal | None:
    """Weighted mean of the scores, each as a share of its criterion's scale, on 0–100.

    ``scores`` maps criterion id → score. ``None`` when a criterion has no score yet (a judge
    half-way through); ``0`` when there are no criteria or they weigh nothing.
    """
    criteria = list(criteria)
    if any(c.pk not in scores for c in criteria):
        return None
    total_weight = sum(Decimal(c.weight) for c in criteria)
    if not total_weight:
        return Decimal(0)
    value = sum(Decimal(c.weight) * Decimal(scores[c.pk]) / Decimal(c.scale_max)
                for c in criteria)
    return (value / total_weight * 100).quantize(TOTAL_PLACES)
