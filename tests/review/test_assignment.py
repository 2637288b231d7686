"""Assignment: the hard constraints always hold, the LP is optimal and never below the
greedy, pins and forbidden pairs are respected, infeasible inputs are named, fairness lifts
the worst-served item."""

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from creaconnect.review.assignment import (
    AssignmentInfeasible,
    assign,
    assign_greedy,
    default_cap,
    next_best,
)


@st.composite
def problems(draw):
    m = draw(st.integers(1, 6))
    n = draw(st.integers(1, 9))
    k = draw(st.integers(1, 3))
    values = draw(st.lists(st.floats(0, 1), min_size=m * n, max_size=m * n))
    affinity = np.array(values).reshape(m, n)
    pairs = list(itertools.product(range(m), range(n)))
    conflicts = draw(st.sets(st.sampled_from(pairs), max_size=len(pairs) // 3))
    forbidden = draw(st.sets(st.sampled_from(pairs), max_size=3))
    pinned = draw(st.sets(st.sampled_from(pairs), max_size=3))
    return {"reviewers": list(range(m)), "items": list(range(n)), "affinity": affinity,
            "per_item": k, "conflicts": conflicts, "forbidden": forbidden, "pinned": pinned,
            "slack": draw(st.sampled_from([1.0, 1.3]))}


def check(result, problem):
    blocked = problem["conflicts"] | problem["forbidden"]
    by_item = result.by_item()
    for item in problem["items"]:
        reviewers = [p.reviewer for p in by_item.get(item, [])]
        pins = {r for r, i in problem["pinned"] if i == item and (r, i) not in blocked}
        assert len(reviewers) == len(set(reviewers)) == max(problem["per_item"], len(pins))
        assert pins <= set(reviewers)
    assert not {(p.reviewer, p.item) for p in result.pairs} & blocked
    for reviewer, load in result.loads.items():
        assert load <= result.caps[reviewer]
    assert set(result.ignored_pins) == problem["pinned"] & blocked


def solve_or_error(problem):
    try:
        return assign(**problem, balance=False), None
    except AssignmentInfeasible as exc:
        return None, exc


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_constraints_always_hold_and_lp_is_never_below_greedy(problem):
    lp, exc = solve_or_error(problem)
    if exc is not None:
        assert exc.items
        if exc.reason == "eligible":
            blocked = problem["conflicts"] | problem["forbidden"]
            for item in exc.items:
                eligible = [r for r in problem["reviewers"] if (r, item) not in blocked]
                assert len(eligible) < problem["per_item"] or any(
                    i == item for _r, i in problem["pinned"])
        with pytest.raises(AssignmentInfeasible):
            assign(**problem, fairness=True)
        return
    check(lp, problem)
    check(assign(**problem), problem)
    fair = assign(**problem, fairness=True)
    check(fair, problem)
    plain = assign(**problem)
    assert fair.min_item_affinity >= plain.min_item_affinity - 1e-6  # never worse served
    try:
        greedy = assign_greedy(**problem)
    except AssignmentInfeasible:
        return  # the greedy can paint itself into a corner the LP avoids
    check(greedy, problem)
    assert lp.total_affinity >= greedy.total_affinity - 1e-9


def brute_force_best(affinity, cap):
    m, n = affinity.shape
    best = -1.0
    for choice in itertools.product(range(m), repeat=n):
        if max(np.bincount(choice, minlength=m)) <= cap:
            best = max(best, sum(affinity[r, i] for i, r in enumerate(choice)))
    return best


@hsettings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(1, 5), st.integers(0, 10_000))
def test_the_lp_finds_the_true_optimum(m, n, seed):
    affinity = np.random.default_rng(seed).random((m, n))
    cap = default_cap(per_item=1, items=n, reviewers=m)
    result = assign(reviewers=list(range(m)), items=list(range(n)), affinity=affinity,
                    per_item=1, balance=False)
    assert result.total_affinity == pytest.approx(brute_force_best(affinity, cap))


def test_lp_beats_greedy_where_greedy_is_short_sighted():
    # The greedy takes (a, x) = 1.0 first and must then give y to b (0.0); the LP sees that
    # a→y and b→x together are worth more.
    affinity = [[1.0, 0.9], [0.8, 0.0]]
    kwargs = {"reviewers": ["a", "b"], "items": ["x", "y"], "affinity": affinity, "per_item": 1}
    assert assign(**kwargs).total_affinity == pytest.approx(1.7)
    assert assign_greedy(**kwargs).total_affinity == pytest.approx(1.0)


def test_fairness_lifts_the_worst_served_item_first():
    kwargs = {"reviewers": ["a", "b"], "items": ["x", "y"], "affinity": [[1.0, 0.3], [0.6, 0.0]],
              "per_item": 1}
    plain = assign(**kwargs)
    fair = assign(**kwargs, fairness=True)
    assert {(p.reviewer, p.item) for p in plain.pairs} == {("a", "x"), ("b", "y")}
    assert {(p.reviewer, p.item) for p in fair.pairs} == {("a", "y"), ("b", "x")}
    assert fair.min_item_affinity == pytest.approx(0.3)
    assert plain.min_item_affinity == 0
    assert fair.method == "lp-fair"


def test_loads_are_balanced_by_default():
    rng = np.random.default_rng(3)
    affinity = rng.random((7, 40))
    affinity[0] += 5  # one reviewer everyone would like
    result = assign(reviewers=list(range(7)), items=list(range(40)), affinity=affinity,
                    per_item=2)
    assert set(result.loads.values()) <= {11, 12}  # 80 reviews over 7 reviewers
    assert result.max_load_over_mean <= 12 / (80 / 7) + 1e-9


def test_explicit_and_per_reviewer_caps():
    kwargs = {"reviewers": ["a", "b", "c"], "items": [1, 2, 3, 4], "per_item": 1,
              "affinity": [[1, 1, 1, 1], [0.5] * 4, [0.1] * 4]}
    assert assign(**kwargs, load_cap=3, balance=False).loads["a"] == 3
    assert assign(**kwargs, load_cap={"a": 1, "b": 3}, balance=False).loads == {"a": 1, "b": 3,
                                                                                 "c": 0}


def test_pinned_pairs_are_kept_even_against_affinity_and_conflicts_beat_pins():
    kwargs = {"reviewers": ["a", "b", "c"], "items": ["x"], "per_item": 1,
              "affinity": [[0.9], [0.1], [0.5]]}
    result = assign(**kwargs, pinned={("b", "x")})
    assert [p.reviewer for p in result.pairs] == ["b"]
    assert result.pairs[0].pinned
    result = assign(**kwargs, pinned={("b", "x")}, conflicts={("b", "x")})
    assert [p.reviewer for p in result.pairs] == ["a"]
    assert result.ignored_pins == [("b", "x")]
    assert [p.reviewer for p in assign(**kwargs, forbidden={("a", "x")}).pairs] == ["c"]


def test_items_nobody_can_review_are_named():
    with pytest.raises(AssignmentInfeasible) as caught:
        assign(reviewers=["a", "b"], items=["x", "y", "z"], affinity=np.ones((2, 3)),
               per_item=2, conflicts={("a", "y"), ("a", "z")})
    assert caught.value.items == ["y", "z"]
    assert caught.value.reason == "eligible"
    message = caught.value.describe({"y": "Solar kiosk", "z": "Loom"})
    assert "“Solar kiosk”, “Loom”" in message
    assert "each needs 2" in message


def test_too_few_reviewers_and_no_reviewers_are_reported():
    with pytest.raises(AssignmentInfeasible, match="each needs 3"):
        assign(reviewers=["a", "b"], items=["x"], affinity=[[1], [1]], per_item=3)
    with pytest.raises(AssignmentInfeasible):
        assign(reviewers=[], items=["x"], affinity=np.zeros((0, 1)), per_item=1)
    assert assign(reviewers=["a"], items=[], affinity=np.zeros((1, 0)), per_item=1).pairs == []


def test_capacity_shortfall_names_the_items_left_over():
    # Everyone may review everything, but two reviewers with a cap of 1 cannot cover 3 items.
    with pytest.raises(AssignmentInfeasible) as caught:
        assign(reviewers=["a", "b"], items=["x", "y", "z"], affinity=np.ones((2, 3)),
               per_item=1, load_cap=1)
    assert caught.value.reason == "capacity"
    assert len(caught.value.items) == 1
    assert "load caps" in str(caught.value)


def test_next_best_takes_the_best_fit_with_room():
    loads = {"a": 5, "b": 2, "c": 2, "d": 0}
    caps = {"a": 5, "b": 5, "c": 5, "d": 5}
    affinity = {"a": 0.9, "b": 0.4, "c": 0.7, "d": 0.7}
    pick = next_best(item="x", reviewers=list(loads), affinity=affinity, loads=loads, caps=caps,
                     excluded={"c"})
    assert pick == "d"  # a is full; d and c tie on affinity but c is excluded
    assert next_best(item="x", reviewers=["a"], affinity={}, loads=loads, excluded={"a"}) is None
    assert next_best(item="x", reviewers=["a"], affinity={}, loads=loads, caps=caps) == "a"
