"""Scores: weighted totals (the one rule), per-reviewer z-scores, mean, median, spread,
disagreement, ranking by the figure staff choose."""

from types import SimpleNamespace

import pytest

from creaconnect.review.scores import (
    DISAGREEMENT_POINTS,
    RankBy,
    normalise,
    rank,
    summarise,
    total,
)


def test_total_is_core_weighted_total():
    criteria = [SimpleNamespace(pk=1, weight=3, scale_max=10),
                SimpleNamespace(pk=2, weight=1, scale_max=5)]
    assert total(criteria=criteria, scores={1: 10, 2: 0}) == pytest.approx(75.0)
    assert total(criteria=criteria, scores={1: 10}) is None


def test_a_harsh_and_a_lenient_reviewer_weigh_alike():
    totals = {("a", "harsh"): 20, ("b", "harsh"): 40, ("c", "harsh"): 30,
              ("a", "kind"): 70, ("b", "kind"): 90, ("c", "kind"): 80}
    z = normalise(totals)
    assert z[("a", "harsh")] == pytest.approx(z[("a", "kind")])
    ranked = [s.item for s in rank(summarise(totals).values())]
    assert ranked == ["b", "c", "a"]


def test_single_or_flat_reviewer_contributes_zero():
    z = normalise({("a", "one"): 55, ("a", "flat"): 60, ("b", "flat"): 60})
    assert z == {("a", "one"): 0.0, ("a", "flat"): 0.0, ("b", "flat"): 0.0}


def test_mean_median_spread_and_disagreement():
    totals = {("x", 1): 50, ("x", 2): 60, ("x", 3): 95, ("y", 1): 50, ("y", 2): 55}
    s = summarise(totals)
    assert s["x"].mean == pytest.approx(205 / 3)
    assert s["x"].median == 60
    assert s["x"].spread == 45
    assert s["x"].disagreement
    assert not s["y"].disagreement
    assert DISAGREEMENT_POINTS == 20.0
    lenient = summarise(totals, threshold=50)
    assert not lenient["x"].disagreement


def test_staff_choose_the_figure_that_ranks():
    totals = {("mean-wins", 1): 100, ("mean-wins", 2): 10, ("mean-wins", 3): 10,
              ("median-wins", 1): 30, ("median-wins", 2): 40, ("median-wins", 3): 40}
    summaries = summarise(totals).values()
    assert rank(summaries, by=RankBy.MEAN)[0].item == "mean-wins"
    assert rank(summaries, by=RankBy.MEDIAN)[0].item == "median-wins"
    assert rank(summaries, by="median")[0].item == "median-wins"
