"""Crowd-BT: updates move beliefs the right way, the next item is the most informative
unseen one, a consistent crowd recovers the order, a contrary judge is flagged."""

import numpy as np
import pytest

from creaconnect.review.pairwise import MIN_COMPARISONS, SIGMA_SQ_PRIOR, CrowdBT


def test_a_judgement_moves_winner_up_loser_down_and_shrinks_uncertainty():
    model = CrowdBT(["a", "b"])
    model.record(judge="j", winner="a", loser="b")
    a, b = model.items["a"], model.items["b"]
    assert a.mu > 0 > b.mu
    assert a.sigma_sq < SIGMA_SQ_PRIOR
    assert b.sigma_sq < SIGMA_SQ_PRIOR
    assert model.seen["j"] == {"a", "b"}
    with pytest.raises(ValueError, match="itself"):
        model.record(judge="j", winner="a", loser="a")


def test_a_consistent_crowd_recovers_the_true_order():
    rng = np.random.default_rng(0)
    quality = {f"p{i}": float(i) for i in range(12)}
    model = CrowdBT(quality)
    for step in range(400):
        a, b = rng.choice(list(quality), size=2, replace=False)
        winner, loser = (a, b) if quality[a] > quality[b] else (b, a)
        model.record(judge=f"j{step % 5}", winner=winner, loser=loser)
    ranked = [r.item for r in model.ranking()]
    assert ranked[:3] == ["p11", "p10", "p9"]
    assert ranked[-1] == "p0"
    assert [r.rank for r in model.ranking()] == list(range(1, 13))


def test_a_judge_who_always_contradicts_the_crowd_is_flagged():
    quality = {f"p{i}": i for i in range(8)}
    model = CrowdBT(quality)
    pairs = [(a, b) for a in quality for b in quality if quality[a] > quality[b]]
    for a, b in pairs * 3:
        model.record(judge="honest", winner=a, loser=b)
    for a, b in pairs:
        model.record(judge="contrary", winner=b, loser=a)
    assert model.judges_against_crowd() == ["contrary"]
    assert model.reliability("contrary") < model.reliability("honest")


def test_next_item_skips_what_the_judge_saw_and_respects_the_candidates():
    model = CrowdBT(["a", "b", "c", "d"])
    first = model.next_item(judge="j", current=None)
    assert first == "a"  # nobody compared yet: least compared, then by id
    model.seen["j"].add("a")
    nxt = model.next_item(judge="j", current="a", candidates=["a", "b", "c"])
    assert nxt in {"b", "c"}
    model.seen["j"].update({"b", "c"})
    assert model.next_item(judge="j", current="c", candidates=["a", "b", "c"]) is None


def test_the_next_item_is_the_most_informative_among_the_well_covered():
    model = CrowdBT(["x", "close", "far"])
    # Give every item enough comparisons that none is "fresh"; "close" ends near x, "far" far.
    for _ in range(6):
        model.record(judge="crowd", winner="x", loser="far")
        model.record(judge="crowd", winner="close", loser="far")
    for _ in range(3):
        model.record(judge="crowd", winner="x", loser="close")
        model.record(judge="crowd", winner="close", loser="x")
    assert min(b.comparisons for b in model.items.values()) >= MIN_COMPARISONS
    gain_close = model.expected_information_gain(judge="new", a="x", b="close")
    gain_far = model.expected_information_gain(judge="new", a="x", b="far")
    assert gain_close > gain_far > 0
    assert model.next_item(judge="new", current="x") == "close"


def test_replay_rebuilds_the_same_beliefs():
    judgements = [("j1", "a", "b"), ("j2", "b", "c"), ("j1", "a", "c")]
    live = CrowdBT(["a", "b", "c"])
    for j, w, lo in judgements:
        live.record(judge=j, winner=w, loser=lo)
    again = CrowdBT.replay(judgements)
    assert again.items == live.items
    assert again.history == judgements
    ranking = again.ranking()
    assert ranking[0].item == "a"
    assert ranking[0].tied_with_next in {True, False}
