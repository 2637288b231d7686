"""Ranking from pairwise judgements: Crowd-BT with the next pair picked by information gain.

A judge walks an expo, looks at two projects and says which is better. Crowd-BT (Chen,
Bennett, Collins-Thompson and Horvitz, "Pairwise ranking aggregation in a crowdsourced
setting", WSDM 2013; the model behind Gavel) keeps:

* for each item, a belief about its quality ``N(mu, sigma²)``; under Bradley–Terry an honest
  judge prefers ``a`` to ``b`` with probability ``e^mu_a / (e^mu_a + e^mu_b)``;
* for each judge, a belief about their reliability ``eta ~ Beta(alpha, beta)``: with
  probability ``eta`` they answer as above, otherwise the other way round.

After each judgement both beliefs are updated by moment matching (closed forms, no solver).
The next item a judge should see is the one whose comparison with the item in front of them
has the highest **expected information gain**: the expected Kullback–Leibler divergence from
the current beliefs (both items' Gaussians, plus ``GAMMA`` × the judge's Beta) to the
updated ones, over the two answers weighted by their probability. Items with fewer than
``MIN_COMPARISONS`` comparisons go first, so every project is seen.

A judge's own bias (liking everything a little more) cancels in a comparison, which is why
pairwise judging resists harsh and lenient judges without normalisation.

The state is rebuilt by replaying the stored judgements in order (:meth:`CrowdBT.replay`);
skips are simply not recorded. This module is pure: the expo feature stores the judgements.
"""

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import betaln, digamma, expit

#: Prior belief about an item's quality.
MU_PRIOR = 0.0
SIGMA_SQ_PRIOR = 1.0
#: Prior belief about a judge: right about 10 times in 11 (Gavel's prior).
ALPHA_PRIOR = 10.0
BETA_PRIOR = 1.0
#: Weight of what a comparison teaches about the judge, against what it teaches about items.
GAMMA = 0.1
#: Floor on the variance's shrink factor, so a belief never collapses to certainty.
KAPPA = 1e-4
#: Items compared fewer times than this are offered first.
MIN_COMPARISONS = 2
#: A judge whose expected reliability falls below this disagrees with the crowd.
RELIABILITY_FLAG = 0.6


@dataclass
class Belief:
    mu: float = MU_PRIOR
    sigma_sq: float = SIGMA_SQ_PRIOR
    comparisons: int = 0


@dataclass
class Reliability:
    alpha: float = ALPHA_PRIOR
    beta: float = BETA_PRIOR

    @property
    def expected(self) -> float:
        return self.alpha / (self.alpha + self.beta)


@dataclass(frozen=True)
class Ranked:
    item: Hashable
    rank: int
    mu: float
    sigma: float
    comparisons: int
    tied_with_next: bool  # the intervals mu ± sigma of this item and the next overlap


def _mu_updates(alpha, beta, mu_w, s_w, mu_l, s_l):
    d = mu_w - mu_l
    shift = expit(np.log(alpha) - np.log(beta) + d) - expit(d)
    return mu_w + s_w * shift, mu_l - s_l * shift


def _sigma_updates(alpha, beta, mu_w, s_w, mu_l, s_l):
    d = mu_w - mu_l
    q = expit(np.log(alpha) - np.log(beta) + d)
    p = expit(d)
    mult = q * (1 - q) - p * (1 - p)
    return (s_w * np.maximum(1 + s_w * mult, KAPPA), s_l * np.maximum(1 + s_l * mult, KAPPA))


def _judge_update(alpha, beta, mu_w, s_w, mu_l, s_l):
    p = expit(mu_w - mu_l)
    c1 = p + 0.5 * (s_w + s_l) * p * (1 - p) * (1 - 2 * p)
    c2 = 1 - c1
    c = (c1 * alpha + c2 * beta) / (alpha + beta)
    e1 = (c1 * (alpha + 1) * alpha + c2 * alpha * beta) / (c * (alpha + beta + 1) * (alpha + beta))
    e2 = ((c1 * (alpha + 2) * (alpha + 1) * alpha + c2 * (alpha + 1) * alpha * beta)
          / (c * (alpha + beta + 2) * (alpha + beta + 1) * (alpha + beta)))
    variance = e2 - e1 ** 2
    # Guard the degenerate case (variance ≤ 0 from rounding): keep the old belief.
    safe = np.where(variance > 0, variance, 1.0)
    new_alpha = np.where(variance > 0, (e1 - e2) * e1 / safe, alpha)
    new_beta = np.where(variance > 0, (e1 - e2) * (1 - e1) / safe, beta)
    return np.maximum(new_alpha, 1e-6), np.maximum(new_beta, 1e-6)


def _kl_normal(mu1, s1, mu0, s0):
    return 0.5 * (s1 / s0 + (mu1 - mu0) ** 2 / s0 - 1 + np.log(s0 / s1))


def _kl_beta(a1, b1, a0, b0):
    return (betaln(a0, b0) - betaln(a1, b1) + (a1 - a0) * digamma(a1) + (b1 - b0) * digamma(b1)
            + (a0 - a1 + b0 - b1) * digamma(a1 + b1))


def _gain_one_way(alpha, beta, mu_w, s_w, mu_l, s_l):
    """Information gained if the first item wins (arrays broadcast)."""
    new_mu_w, new_mu_l = _mu_updates(alpha, beta, mu_w, s_w, mu_l, s_l)
    new_s_w, new_s_l = _sigma_updates(alpha, beta, mu_w, s_w, mu_l, s_l)
    new_alpha, new_beta = _judge_update(alpha, beta, mu_w, s_w, mu_l, s_l)
    return (_kl_normal(new_mu_w, new_s_w, mu_w, s_w) + _kl_normal(new_mu_l, new_s_l, mu_l, s_l)
            + GAMMA * _kl_beta(new_alpha, new_beta, alpha, beta))


class CrowdBT:
    """Beliefs about items and judges; :meth:`record` a judgement, ask :meth:`next_item`."""

    def __init__(self, items: Iterable[Hashable] = ()):
        self.items: dict[Hashable, Belief] = {}
        self.judges: dict[Hashable, Reliability] = defaultdict(Reliability)
        self.seen: dict[Hashable, set] = defaultdict(set)  # judge → items they have seen
        self.history: list[tuple] = []  # (judge, winner, loser) in order
        for item in items:
            self.add_item(item)

    def add_item(self, item: Hashable) -> None:
        self.items.setdefault(item, Belief())

    @classmethod
    def replay(cls, judgements: Iterable[tuple], items: Iterable[Hashable] = ()) -> "CrowdBT":
        """Rebuild the beliefs from stored ``(judge, winner, loser)`` triples, oldest first."""
        model = cls(items)
        for judge, winner, loser in judgements:
            model.record(judge=judge, winner=winner, loser=loser)
        return model

    def record(self, *, judge: Hashable, winner: Hashable, loser: Hashable) -> None:
        """Update the beliefs with "``judge`` prefers ``winner`` to ``loser``"."""
        if winner == loser:
            raise ValueError("an item cannot be compared with itself")
        self.add_item(winner)
        self.add_item(loser)
        w, lo, j = self.items[winner], self.items[loser], self.judges[judge]
        args = (j.alpha, j.beta, w.mu, w.sigma_sq, lo.mu, lo.sigma_sq)
        mu_w, mu_l = _mu_updates(*args)
        s_w, s_l = _sigma_updates(*args)
        alpha, beta = _judge_update(*args)
        w.mu, lo.mu, w.sigma_sq, lo.sigma_sq = float(mu_w), float(mu_l), float(s_w), float(s_l)
        j.alpha, j.beta = float(alpha), float(beta)
        w.comparisons += 1
        lo.comparisons += 1
        self.seen[judge].update((winner, loser))
        self.history.append((judge, winner, loser))

    def expected_information_gain(self, *, judge: Hashable, a: Hashable, b: Hashable) -> float:
        """Expected information from showing ``judge`` the pair (a, b)."""
        return float(self.information_gains(judge=judge, a=a, others=[b])[0])

    def information_gains(self, *, judge: Hashable, a: Hashable,
                          others: Sequence[Hashable]) -> np.ndarray:
        """:meth:`expected_information_gain` of (a, b) for every b in ``others`` at once."""
        j = self.judges[judge] if judge in self.judges else Reliability()
        first = self.items[a]
        mu_b = np.array([self.items[x].mu for x in others])
        s_b = np.array([self.items[x].sigma_sq for x in others])
        p_a = expit(first.mu - mu_b)
        eta = j.expected
        prob_a_wins = eta * p_a + (1 - eta) * (1 - p_a)
        return (prob_a_wins * _gain_one_way(j.alpha, j.beta, first.mu, first.sigma_sq, mu_b, s_b)
                + (1 - prob_a_wins) * _gain_one_way(j.alpha, j.beta, mu_b, s_b, first.mu,
                                                    first.sigma_sq))

    def next_item(self, *, judge: Hashable, current: Hashable | None,
                  candidates: Iterable[Hashable] | None = None) -> Hashable | None:
        """The item ``judge`` should look at next, to compare with ``current``.

        ``candidates`` are the items the judge may see (the caller leaves out their own hub's
        and conflicted teams); by default all. Items the judge has seen are left out; items
        compared fewer than ``MIN_COMPARISONS`` times come first. With no ``current`` (the
        judge's first stop) the least compared item is chosen. ``None`` when nothing is left.
        """
        pool = [i for i in (self.items if candidates is None else candidates)
                if i in self.items and i != current and i not in self.seen.get(judge, ())]
        if not pool:
            return None
        fresh = [i for i in pool if self.items[i].comparisons < MIN_COMPARISONS]
        pool = fresh or pool
        if current is None or current not in self.items:
            return min(pool, key=lambda i: (self.items[i].comparisons, repr(i)))
        gains = self.information_gains(judge=judge, a=current, others=pool)
        best = max(range(len(pool)), key=lambda n: (gains[n], -self.items[pool[n]].comparisons))
        return pool[best]

    def ranking(self) -> list[Ranked]:
        """Items by ``mu``, best first, with ``sigma`` and a flag where the next item's
        interval (mu ± sigma) overlaps: the order of those two is not settled."""
        ordered = sorted(self.items.items(), key=lambda kv: (-kv[1].mu, repr(kv[0])))
        out = []
        for n, (item, belief) in enumerate(ordered):
            sigma = math.sqrt(belief.sigma_sq)
            tied = False
            if n + 1 < len(ordered):
                nxt = ordered[n + 1][1]
                tied = belief.mu - sigma <= nxt.mu + math.sqrt(nxt.sigma_sq)
            out.append(Ranked(item=item, rank=n + 1, mu=belief.mu, sigma=sigma,
                              comparisons=belief.comparisons, tied_with_next=tied))
        return out

    def reliability(self, judge: Hashable) -> float:
        """The judge's expected reliability (``alpha / (alpha + beta)``)."""
        return (self.judges[judge] if judge in self.judges else Reliability()).expected

    def judges_against_crowd(self, threshold: float = RELIABILITY_FLAG) -> list:
        """Judges whose answers mostly contradict the crowd's ranking."""
        return sorted((j for j, r in self.judges.items() if r.expected < threshold), key=repr)
