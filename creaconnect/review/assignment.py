"""Who reviews what: an assignment that maximises affinity under hard constraints.

The problem (reviewers r, items i, affinity a[r, i] in 0 … 1, a 0/1 variable x[r, i]):

    maximise   Σ a[r, i] · x[r, i]
    such that  Σ_r x[r, i] = k_i             every item gets its k reviewers (k_i > k only when
                                             staff pinned more than k reviewers on it)
               Σ_i x[r, i] ≤ cap_r           no reviewer above their load cap
               x[r, i] = 0                   for conflicts of interest and forbidden pairs
               x[r, i] = 1                   for pinned pairs (a conflict beats a pin: a pinned
                                             pair that conflicts is left out and reported)

The constraint matrix is the incidence matrix of a bipartite graph (each variable appears in
one item row and one reviewer row), which is **totally unimodular**: with integral k and caps
every vertex of the polytope is integral, so the linear programme's optimum is already a 0/1
assignment. It is the min-cost flow of OpenReview's matcher and HotCRP, solved here as a
linear programme by HiGHS (``scipy.optimize.milp``; the root relaxation is integral, so it
never branches).

* **Load cap.** By default ``ceil(k · items / reviewers × slack)`` (slack 1.0: nobody carries
  more than the mean rounded up); a caller may pass one cap or a cap per reviewer.
* **Balance.** With ``balance=True`` (default) every reviewer should also carry at least the
  mean rounded down. It is a soft constraint: leaving a reviewer one review short costs more
  than any one pair's affinity, so loads stay even unless conflicts make it impossible.
* **Coverage.** Each item's shortfall has a slack variable priced above all affinity; if the
  best solution still leaves an item short, :class:`AssignmentInfeasible` names the items
  (too few reviewers without a conflict, or too little capacity) instead of failing blindly.
* **Fairness** (``fairness=True``): lexicographic max–min, as in fair paper assignment. Stage
  one maximises the lowest mean affinity any item gets; stage two maximises the total while
  keeping every item at or above that level. The extra rows break total unimodularity, so
  this mode solves a true mixed-integer programme (HiGHS, with a time limit).
* **Incumbents.** Pairs already assigned may get a small bonus so a re-run does not reshuffle
  people who were already told about their work.

:func:`assign_greedy` is the baseline the benchmark compares with: pairs by affinity, highest
first, taken while the item needs a reviewer and the reviewer has room.
"""

import math
import time
from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import ngettext
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

#: Tolerance when reading the solver's 0/1 answer.
EPS = 1e-6
#: Cost of leaving a reviewer one review under the balanced load (above any one pair's gain).
BALANCE_PENALTY = 2.0
#: Seconds the solver may spend per stage (the fairness stages are true integer programmes).
TIME_LIMIT = 30.0
#: Bisection steps of the fairness search (each one solves an integer programme).
FAIRNESS_STEPS = 6


class AssignmentInfeasible(ValueError):
    """No assignment meets the hard constraints; ``items`` are the ids left short.

    ``reason`` is ``"eligible"`` (fewer reviewers without a conflict than the item needs) or
    ``"capacity"`` (enough eligible reviewers, but their load caps run out).
    """

    def __init__(self, items: Sequence, *, reason: str, needed: int):
        self.items = list(items)
        self.reason = reason
        self.needed = needed
        super().__init__(self.describe())

    def describe(self, labels: Mapping | None = None) -> str:
        """A sentence for people; ``labels`` maps item id → what to call it (a title)."""
        names = ", ".join(f"“{(labels or {}).get(i, i)}”" for i in self.items)
        if self.reason == "eligible":
            return ngettext(
                "Not enough reviewers without a conflict of interest for %(items)s "
                "(each needs %(k)s). Add reviewers or lower the number per item.",
                "Not enough reviewers without a conflict of interest for %(items)s "
                "(each needs %(k)s). Add reviewers or lower the number per item.",
                len(self.items)) % {"items": names, "k": self.needed}
        return ngettext(
            "The reviewers' load caps leave %(items)s without %(k)s reviewers. Add reviewers "
            "or raise the load cap.",
            "The reviewers' load caps leave %(items)s without %(k)s reviewers. Add reviewers "
            "or raise the load cap.", len(self.items)) % {"items": names, "k": self.needed}


@dataclass(frozen=True)
class Pair:
    reviewer: Hashable
    item: Hashable
    affinity: float
    pinned: bool = False


@dataclass
class Assignment:
    """The answer: the pairs, each reviewer's load and cap, and a few figures."""

    pairs: list[Pair]
    loads: dict
    caps: dict
    method: str
    seconds: float = 0.0
    ignored_pins: list = field(default_factory=list)  # pinned pairs dropped for a conflict

    @property
    def total_affinity(self) -> float:
        return float(sum(p.affinity for p in self.pairs))

    def by_item(self) -> dict:
        out = defaultdict(list)
        for p in self.pairs:
            out[p.item].append(p)
        return dict(out)

    @property
    def item_affinities(self) -> dict:
        """Mean affinity of each item's reviewers."""
        return {i: float(np.mean([p.affinity for p in ps])) for i, ps in self.by_item().items()}

    @property
    def min_item_affinity(self) -> float:
        values = self.item_affinities.values()
        return min(values) if values else 0.0

    @property
    def max_load_over_mean(self) -> float:
        loads = list(self.loads.values())
        mean = sum(loads) / len(loads) if loads else 0
        return max(loads) / mean if mean else 0.0


def default_cap(*, per_item: int, items: int, reviewers: int, slack: float = 1.0) -> int:
    """``ceil(k · items / reviewers × slack)``, the most any reviewer carries by default."""
    if reviewers <= 0:
        return 0
    return max(1, math.ceil(per_item * items / reviewers * slack - 1e-9))


@dataclass
class _Problem:
    reviewers: list
    items: list
    affinity: np.ndarray
    demand: np.ndarray     # per item
    caps: np.ndarray       # per reviewer
    floors: np.ndarray     # per reviewer
    rows: np.ndarray       # variable → reviewer index
    cols: np.ndarray       # variable → item index
    lower: np.ndarray      # 1 for pinned variables
    gain: np.ndarray       # affinity (+ incumbent bonus) per variable
    ignored_pins: list


def _build(reviewers, items, affinity, *, per_item, load_cap, slack, conflicts, pinned,
           forbidden, balance, incumbents, incumbent_bonus) -> _Problem:
    reviewers, items = list(reviewers), list(items)
    affinity = np.asarray(affinity, dtype=float).reshape(len(reviewers), len(items))
    blocked = set(conflicts) | set(forbidden)
    ignored = sorted((p for p in pinned if p in blocked), key=repr)
    pinned = {p for p in pinned if p not in blocked}
    r_index = {r: n for n, r in enumerate(reviewers)}
    i_index = {i: n for n, i in enumerate(items)}
    allowed = np.ones(affinity.shape, dtype=bool)
    for r, i in blocked:
        if r in r_index and i in i_index:
            allowed[r_index[r], i_index[i]] = False
    rows, cols = np.nonzero(allowed)
    pin_mask = np.zeros(affinity.shape, dtype=bool)
    for r, i in pinned:
        if r in r_index and i in i_index:
            pin_mask[r_index[r], i_index[i]] = True
    demand = np.maximum(per_item, pin_mask.sum(axis=0))
    base = default_cap(per_item=per_item, items=len(items), reviewers=len(reviewers),
                       slack=slack)
    caps = np.array([_cap_of(r, load_cap, base) for r in reviewers], dtype=float)
    caps = np.maximum(caps, pin_mask.sum(axis=1))
    floor = math.floor(per_item * len(items) / len(reviewers)) if balance and reviewers else 0
    floors = np.minimum(caps, floor)
    gain = affinity[rows, cols].copy()
    if incumbents:
        bonus = np.zeros(affinity.shape)
        for r, i in incumbents:
            if r in r_index and i in i_index:
                bonus[r_index[r], i_index[i]] = incumbent_bonus
        gain += bonus[rows, cols]
    return _Problem(reviewers, items, affinity, demand.astype(float), caps, floors.astype(float),
                    rows, cols, pin_mask[rows, cols].astype(float), gain, ignored)


def _cap_of(reviewer, load_cap, base) -> int:
    if load_cap is None:
        return base
    if isinstance(load_cap, Mapping):
        return int(load_cap.get(reviewer, base))
    return int(load_cap)


def _check_eligible(p: _Problem, per_item: int) -> None:
    eligible = np.bincount(p.cols, minlength=len(p.items))
    short = [p.items[n] for n in np.nonzero(eligible < p.demand)[0]]
    if short:
        raise AssignmentInfeasible(short, reason="eligible", needed=per_item)


def _matrices(p: _Problem):
    """Item rows (items × variables) and reviewer rows (reviewers × variables)."""
    nvar = len(p.rows)
    ones = np.ones(nvar)
    by_item = sparse.csr_array((ones, (p.cols, np.arange(nvar))), shape=(len(p.items), nvar))
    by_reviewer = sparse.csr_array((ones, (p.rows, np.arange(nvar))),
                                   shape=(len(p.reviewers), nvar))
    return by_item, by_reviewer


def _solve(c, constraints, lower, upper, time_limit):
    result = milp(c, constraints=constraints, bounds=Bounds(lower, upper),
                  integrality=np.ones(len(c)), options={"time_limit": time_limit})
    if result.x is None:
        return None
    return result.x


def _stage_total(p: _Problem, per_item: int, time_limit: float, item_floor=None):
    """Maximise total gain; coverage slack priced above everything, balance slack above a
    pair. Returns the x vector (and raises when an item stays short)."""
    nvar, ni, nr = len(p.rows), len(p.items), len(p.reviewers)
    by_item, by_reviewer = _matrices(p)
    big = float(p.demand.sum() + 1) * (1 + float(p.gain.max(initial=0)))
    penalty = BALANCE_PENALTY * (1 + float(p.gain.max(initial=0)))
    # Variables: x (pairs), u (each item's shortfall), v (each reviewer's shortfall under floor)
    c = np.concatenate([-p.gain, np.full(ni, big), np.full(nr, penalty)])
    eye_i = sparse.identity(ni, format="csr")
    eye_r = sparse.identity(nr, format="csr")
    coverage = sparse.hstack([by_item, eye_i, sparse.csr_array((ni, nr))])
    cap_rows = sparse.hstack([by_reviewer, sparse.csr_array((nr, ni)), sparse.csr_array((nr, nr))])
    floor_rows = sparse.hstack([by_reviewer, sparse.csr_array((nr, ni)), eye_r])
    constraints = [LinearConstraint(coverage, p.demand, p.demand),
                   LinearConstraint(cap_rows, -np.inf, p.caps),
                   LinearConstraint(floor_rows, p.floors, np.inf)]
    if item_floor is not None:
        weighted = sparse.csr_array((p.affinity[p.rows, p.cols], (p.cols, np.arange(nvar))),
                                    shape=(ni, nvar))
        constraints.append(LinearConstraint(
            sparse.hstack([weighted, sparse.csr_array((ni, ni + nr))]),
            item_floor * p.demand - EPS, np.inf))
    lower = np.concatenate([p.lower, np.zeros(ni), np.zeros(nr)])
    upper = np.concatenate([np.ones(nvar), p.demand, p.floors])
    x = _solve(c, constraints, lower, upper, time_limit)
    if x is None:
        return None
    short = [p.items[n] for n in np.nonzero(x[nvar:nvar + ni] > 0.5)[0]]
    if short:
        raise AssignmentInfeasible(short, reason="capacity", needed=per_item)
    return x[:nvar]


def _level_bound(p: _Problem) -> float:
    """Stage one, relaxed: the highest level t such that every item's mean affinity can be
    ≥ t when x may be fractional. An upper bound on the integral level, found in one LP."""
    nvar, ni, nr = len(p.rows), len(p.items), len(p.reviewers)
    by_item, by_reviewer = _matrices(p)
    weighted = sparse.csr_array((p.affinity[p.rows, p.cols], (p.cols, np.arange(nvar))),
                                shape=(ni, nvar))
    # Variables: x, then t. Σ a·x − d_i · t ≥ 0 for each item.
    level = sparse.hstack([weighted, sparse.csr_array(-p.demand.reshape(-1, 1))])
    constraints = [
        LinearConstraint(sparse.hstack([by_item, sparse.csr_array((ni, 1))]), p.demand, p.demand),
        LinearConstraint(sparse.hstack([by_reviewer, sparse.csr_array((nr, 1))]), -np.inf,
                         p.caps),
        LinearConstraint(level, 0, np.inf),
    ]
    c = np.zeros(nvar + 1)
    c[-1] = -1.0
    bounds = Bounds(np.concatenate([p.lower, [0]]), np.concatenate([np.ones(nvar), [1]]))
    result = milp(c, constraints=constraints, integrality=np.zeros(nvar + 1), bounds=bounds)
    return float(result.x[-1]) if result.x is not None else 0.0


def _min_level(p: _Problem, x) -> float:
    sums = np.bincount(p.cols, weights=p.affinity[p.rows, p.cols] * x, minlength=len(p.items))
    return float(np.min(sums / p.demand))


def _stage_fair(p: _Problem, per_item: int, x, time_limit: float):
    """Lexicographic max–min from the total-optimal ``x``: if ``x`` already reaches the
    relaxed bound it is optimal on both counts; otherwise search the highest level (bisection
    between what ``x`` reaches and the bound) at which the total stage stays feasible, and
    return that stage's answer."""
    reached, bound = _min_level(p, x), _level_bound(p)
    if reached >= bound - EPS:
        return x
    best, low, high = x, reached, bound
    for _step in range(FAIRNESS_STEPS):
        target = high if best is x else (low + high) / 2
        try:
            candidate = _stage_total(p, per_item, time_limit / FAIRNESS_STEPS,
                                     item_floor=target)
        except AssignmentInfeasible:  # the level is out of reach: the coverage slack showed
            candidate = None
        if candidate is not None and _min_level(p, candidate) >= target - EPS:
            best, low = candidate, target
            if target >= bound - EPS:
                break
        else:
            high = target
    return best


def _result(p: _Problem, x, method: str, started: float) -> Assignment:
    chosen = np.nonzero(x > 0.5)[0]
    pairs = [Pair(reviewer=p.reviewers[p.rows[v]], item=p.items[p.cols[v]],
                  affinity=float(p.affinity[p.rows[v], p.cols[v]]), pinned=bool(p.lower[v]))
             for v in chosen]
    loads = {r: 0 for r in p.reviewers}
    for pair in pairs:
        loads[pair.reviewer] += 1
    caps = {r: int(c) for r, c in zip(p.reviewers, p.caps, strict=True)}
    return Assignment(pairs=pairs, loads=loads, caps=caps, method=method,
                      seconds=time.perf_counter() - started, ignored_pins=p.ignored_pins)


def assign(*, reviewers: Sequence, items: Sequence, affinity, per_item: int,
           load_cap: int | Mapping | None = None, slack: float = 1.0,
           conflicts: Collection = (), pinned: Collection = (), forbidden: Collection = (),
           balance: bool = True, fairness: bool = False, incumbents: Collection = (),
           incumbent_bonus: float = 0.0, time_limit: float = TIME_LIMIT) -> Assignment:
    """The best assignment (see the module text). No side effect.

    ``affinity`` is a reviewers × items array (or nested lists) in the order of ``reviewers``
    and ``items``. ``conflicts``, ``pinned``, ``forbidden`` and ``incumbents`` hold
    ``(reviewer id, item id)`` pairs (a dict of conflicts with reasons works too).
    ``load_cap`` is one cap for all or ``{reviewer id: cap}``.

    Raises :class:`AssignmentInfeasible` naming the items that cannot be covered.
    """
    started = time.perf_counter()
    if per_item < 1:
        raise ValueError("per_item must be at least 1")
    if not items:
        return Assignment(pairs=[], loads={r: 0 for r in reviewers}, caps={}, method="lp")
    if not reviewers:
        raise AssignmentInfeasible(list(items), reason="eligible", needed=per_item)
    p = _build(reviewers, items, affinity, per_item=per_item, load_cap=load_cap, slack=slack,
               conflicts=conflicts, pinned=pinned, forbidden=forbidden, balance=balance,
               incumbents=incumbents, incumbent_bonus=incumbent_bonus)
    _check_eligible(p, per_item)
    x = _stage_total(p, per_item, time_limit)
    if x is None:  # cannot happen with the slack variables; kept so the error stays readable
        raise AssignmentInfeasible(list(items), reason="capacity", needed=per_item)
    if fairness:
        return _result(p, _stage_fair(p, per_item, x, time_limit), "lp-fair", started)
    return _result(p, x, "lp", started)


def assign_greedy(*, reviewers: Sequence, items: Sequence, affinity, per_item: int,
                  load_cap: int | Mapping | None = None, slack: float = 1.0,
                  conflicts: Collection = (), pinned: Collection = (),
                  forbidden: Collection = ()) -> Assignment:
    """The baseline: pinned pairs first, then pairs by affinity (highest first) while the
    item needs a reviewer and the reviewer is under cap; then items still short take any
    eligible reviewer with room. Same constraints and errors as :func:`assign`."""
    started = time.perf_counter()
    p = _build(reviewers, items, affinity, per_item=per_item, load_cap=load_cap, slack=slack,
               conflicts=conflicts, pinned=pinned, forbidden=forbidden, balance=False,
               incumbents=(), incumbent_bonus=0.0)
    _check_eligible(p, per_item)
    x = np.zeros(len(p.rows))
    need = p.demand.copy()
    room = p.caps.copy()
    order = np.lexsort((p.cols, p.rows, -p.gain))
    pinned_first = np.concatenate([order[p.lower[order] > 0], order[p.lower[order] == 0]])
    for v in pinned_first:
        r, i = p.rows[v], p.cols[v]
        if need[i] > 0 and (room[r] > 0 or p.lower[v]):
            x[v], need[i], room[r] = 1, need[i] - 1, room[r] - 1
    short = [p.items[n] for n in np.nonzero(need > 0)[0]]
    if short:
        raise AssignmentInfeasible(short, reason="capacity", needed=per_item)
    return _result(p, x, "greedy", started)


def next_best(*, item: Hashable, reviewers: Sequence, affinity: Mapping, loads: Mapping,
              caps: Mapping | None = None, excluded: Collection = ()) -> Hashable | None:
    """The reviewer to take over ``item`` when one drops out (a declared conflict).

    Among ``reviewers`` not in ``excluded`` (already on the item, conflicted, forbidden):
    those under their cap first, then the highest ``affinity[reviewer]``, then the lightest
    load, then the id. ``None`` when nobody is left. No side effect.
    """
    caps = caps or {}
    candidates = [r for r in reviewers if r not in excluded]
    if not candidates:
        return None

    def key(r):
        full = loads.get(r, 0) >= caps.get(r, math.inf)
        return (full, -float(affinity.get(r, 0.0)), loads.get(r, 0), repr(r))

    return min(candidates, key=key)
