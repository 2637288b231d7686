"""The review engine's benchmark (``make bench-judging``) → ``bench/judging.json``.

Two parts, both on generated data (seeded, so a run is reproducible):

**Assignment.** ``ITEMS`` items (projects or applications) and ``EXPERTS`` experts drawn from
``TOPICS`` topics, their tags spelled in several languages and styles, and texts written from
the topics' words; hubs and organisations chosen so that about ``CONFLICT_RATE`` of the
pairs conflict (same hub or organisation, or declared). The engine assigns ``PER_ITEM``
reviewers per item. Reported: the engine's total affinity over the LP optimum under the hard
constraints alone (the engine adds the soft balance), over the greedy baseline's, conflicts
assigned, the heaviest load over the mean, the seconds from profiles to assignment, and the
fairness option's lowest per-item affinity beside the default's.

**Ranking simulation.** A hidden true quality for ``PROJECTS`` projects; ``JUDGES`` judges,
each with their own noise, bias (lenient or harsh) and scale; equal effort: every judge visits
the same number of projects. The rubric path scores each visit on a three-criterion rubric,
takes weighted totals and ranks by the mean of per-judge z-scores (``creaconnect.review.scores``);
the pairwise path compares each visited project with the previous one and ranks with Crowd-BT,
the next project picked by expected information gain (``creaconnect.review.pairwise``).
Kendall's tau against the true order, with a 95 % bootstrap interval (projects resampled), at
each effort level; the point figure is the mean over ``REPLICATES`` seeds.

    python -m bench.judging [--smoke] [--output bench/judging.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from scipy.stats import kendalltau

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from django.conf import settings  # noqa: E402  the path above must be set first

if not settings.configured:  # the engine needs no database: translations off, nothing else
    settings.configure(USE_I18N=False)

from creaconnect.review import assignment, conflicts, pairwise, scores  # noqa: E402  as above
from creaconnect.review.affinity import Profile, affinity_matrix  # noqa: E402  as above

FULL = {"items": 300, "experts": 40, "per_item": 3, "conflict_rate": 0.10,
        "projects": 100, "judges": 20, "efforts": [10, 25, 50], "replicates": 5,
        "bootstrap": 1000}
SMOKE = {"items": 30, "experts": 8, "per_item": 2, "conflict_rate": 0.10,
         "projects": 20, "judges": 5, "efforts": [4, 8], "replicates": 1, "bootstrap": 50}
GOALS = {"affinity_vs_optimum": 0.99, "affinity_vs_greedy": 1.0, "coi_violations": 0,
         "max_load_over_mean": 1.15, "seconds": 10.0, "kendall_tau": 0.8}

TOPICS = {
    "circular economy": ["économie circulaire", "Circular-Economy", "economia circolare"],
    "music production": ["music production", "Produzione Musicale", "production musicale"],
    "game design": ["game design", "Game_Design", "diseño de juegos"],
    "urban mobility": ["urban mobility", "mobilité urbaine", "Urbana Mobilnost"],
    "cultural heritage": ["cultural heritage", "patrimoine culturel", "patrimonio culturale"],
    "fashion": ["fashion", "Mode", "moda"],
    "film": ["film", "cinéma", "cinema"],
    "data visualisation": ["data visualisation", "visualisation de données", "DataViz"],
    "accessibility": ["accessibility", "accessibilité", "accesibilidad"],
    "social inclusion": ["social inclusion", "inclusion sociale", "inclusione sociale"],
    "food": ["food", "alimentation", "cibo"],
    "architecture": ["architecture", "arquitectura", "architettura"],
    "education": ["education", "éducation", "educazione"],
    "tourism": ["tourism", "tourisme", "turismo"],
    "crafts": ["crafts", "artisanat", "artigianato"],
    "virtual reality": ["virtual reality", "réalité virtuelle", "realtà virtuale"],
    "publishing": ["publishing", "édition", "editoria"],
    "performing arts": ["performing arts", "arts vivants", "artes escénicas"],
    "climate": ["climate", "climat", "clima"],
    "health": ["health", "santé", "salute"],
}
WORDS = {topic: topic.split() + [f"{topic.split()[0]}{n}" for n in range(6)] for topic in TOPICS}
FILLER = ["project", "team", "prototype", "community", "pilot", "platform", "local", "young",
          "people", "city", "network", "open", "tool", "workshop", "audience", "market"]


def _text(rng, topics, length):
    words = [w for t in topics for w in WORDS[t]]
    chosen = list(rng.choice(words, size=length // 2)) + list(rng.choice(FILLER, size=length // 2))
    rng.shuffle(chosen)
    return " ".join(chosen)


def generate(rng, *, items, experts, conflict_rate):
    """Expert and item profiles, and conflict facts giving about ``conflict_rate`` conflicts."""
    names = list(TOPICS)
    expert_profiles, reviewers = [], []
    hubs = max(2, round(1 / conflict_rate))  # one hub in n: about 1/n of the pairs share one
    for e in range(experts):
        topics = list(rng.choice(names, size=rng.integers(2, 5), replace=False))
        tags = [rng.choice(TOPICS[t]) for t in topics]
        expert_profiles.append(Profile(id=e, tags=tags, text=_text(rng, topics, 30)))
        reviewers.append(conflicts.Reviewer(id=e, person_id=f"p{e}", hub_ids={e % hubs}))
    item_profiles, item_facts = [], []
    for i in range(items):
        topics = list(rng.choice(names, size=rng.integers(1, 3), replace=False))
        tags = [rng.choice(TOPICS[t]) for t in topics]
        item_profiles.append(Profile(id=i, tags=tags, text=_text(rng, topics, 60)))
        item_facts.append(conflicts.Item(id=i, people={f"m{i}"}, hub_ids={int(rng.integers(hubs))}))
    return expert_profiles, item_profiles, reviewers, item_facts


def bench_assignment(cfg, seed=0):
    rng = np.random.default_rng(seed)
    experts, items, reviewers, item_facts = generate(
        rng, items=cfg["items"], experts=cfg["experts"], conflict_rate=cfg["conflict_rate"])
    started = time.perf_counter()
    matrix = affinity_matrix(experts, items)
    found = conflicts.find_conflicts(reviewers, item_facts)
    r_ids, i_ids = [e.id for e in experts], [i.id for i in items]
    common = {"reviewers": r_ids, "items": i_ids, "affinity": matrix.combined,
              "per_item": cfg["per_item"], "conflicts": found}
    ours = assignment.assign(**common)
    seconds = time.perf_counter() - started
    optimum = assignment.assign(**common, balance=False)
    greedy = assignment.assign_greedy(**common)
    fair_started = time.perf_counter()
    fair = assignment.assign(**common, fairness=True)
    fair_seconds = time.perf_counter() - fair_started
    pairs = cfg["items"] * cfg["experts"]
    return {
        "items": cfg["items"], "experts": cfg["experts"], "per_item": cfg["per_item"],
        "conflict_share": round(len(found) / pairs, 4),
        "affinity_vs_optimum": round(ours.total_affinity / optimum.total_affinity, 4),
        "affinity_vs_greedy": round(ours.total_affinity / greedy.total_affinity, 4),
        "coi_violations": sum((p.reviewer, p.item) in found for p in ours.pairs),
        "max_load_over_mean": round(ours.max_load_over_mean, 4),
        "seconds": round(seconds, 3),
        "total_affinity": {"engine": round(ours.total_affinity, 3),
                           "optimum": round(optimum.total_affinity, 3),
                           "greedy": round(greedy.total_affinity, 3)},
        "min_item_affinity": {"engine": round(ours.min_item_affinity, 4),
                              "fair": round(fair.min_item_affinity, 4),
                              "greedy": round(greedy.min_item_affinity, 4)},
        "fair": {"affinity_vs_optimum": round(fair.total_affinity / optimum.total_affinity, 4),
                 "seconds": round(fair_seconds, 3)},
    }


CRITERIA = [SimpleNamespace(pk=1, weight=2, scale_max=10), SimpleNamespace(pk=2, weight=1,
                                                                            scale_max=10),
            SimpleNamespace(pk=3, weight=1, scale_max=10)]


def _judges(rng, n):
    return [{"noise": rng.uniform(0.3, 1.0), "bias": rng.normal(0, 0.7),
             "scale": rng.uniform(0.6, 1.4)} for _ in range(n)]


def rubric_ranking(rng, quality, judges, effort):
    """Each judge scores ``effort`` projects (a balanced random assignment by the engine)."""
    n, j = len(quality), len(judges)
    per_item = effort * j // n
    plan = assignment.assign(reviewers=list(range(j)), items=list(range(n)),
                             affinity=rng.random((j, n)), per_item=per_item, load_cap=effort)
    totals = {}
    for pair in plan.pairs:
        judge = judges[pair.reviewer]
        seen = quality[pair.item] + rng.normal(0, judge["noise"])
        values = {}
        for c in CRITERIA:
            raw = 5 + 1.5 * (judge["scale"] * (seen + rng.normal(0, 0.3)) + judge["bias"])
            values[c.pk] = int(np.clip(round(raw), 0, c.scale_max))
        totals[(pair.item, pair.reviewer)] = scores.total(criteria=CRITERIA, scores=values)
    summaries = scores.summarise(totals)
    return np.array([summaries[i].normalised if i in summaries else 0.0 for i in range(n)])


def pairwise_ranking(rng, quality, judges, effort):
    """Each judge visits ``effort`` projects, comparing each with the one before; the judges
    walk at the same time (one step each, in turn)."""
    model = pairwise.CrowdBT(range(len(quality)))
    current = dict.fromkeys(range(len(judges)))
    for _step in range(effort):
        for j, judge in enumerate(judges):
            nxt = model.next_item(judge=j, current=current[j])
            if nxt is None:
                continue
            if current[j] is not None:
                a = quality[current[j]] + rng.normal(0, judge["noise"])
                b = quality[nxt] + rng.normal(0, judge["noise"])
                winner, loser = (current[j], nxt) if a >= b else (nxt, current[j])
                model.record(judge=j, winner=winner, loser=loser)
            model.seen[j].add(nxt)
            current[j] = nxt
    return np.array([model.items[i].mu for i in range(len(quality))])


def _tau(truth, estimate):
    return float(kendalltau(truth, estimate).statistic)


def _bootstrap(rng, truth, estimate, rounds):
    n = len(truth)
    values = []
    for _ in range(rounds):
        idx = rng.integers(0, n, size=n)
        value = kendalltau(truth[idx], estimate[idx]).statistic
        if not np.isnan(value):
            values.append(value)
    return [round(float(np.percentile(values, 2.5)), 4), round(float(np.percentile(values, 97.5)),
                                                               4)]


def bench_ranking(cfg):
    by_method = {"rubric": {}, "pairwise": {}}
    for effort in cfg["efforts"]:
        runs = {"rubric": [], "pairwise": []}
        interval = {}
        for seed in range(cfg["replicates"]):
            rng = np.random.default_rng(1000 + seed)
            quality = rng.normal(0, 1, cfg["projects"])
            judges = _judges(rng, cfg["judges"])
            for name, method in (("rubric", rubric_ranking), ("pairwise", pairwise_ranking)):
                estimate = method(np.random.default_rng(seed), quality, judges, effort)
                runs[name].append(_tau(quality, estimate))
                if seed == 0:
                    interval[name] = _bootstrap(np.random.default_rng(7), quality, estimate,
                                                cfg["bootstrap"])
        for name in by_method:
            by_method[name][str(effort)] = {
                "kendall_tau": round(float(np.mean(runs[name])), 4),
                "interval": interval[name],
                "replicates": [round(t, 4) for t in runs[name]]}
    return by_method


def summarise(cfg, ranking):
    """Headline figures at the highest effort, and which method wins at each effort."""
    top = str(cfg["efforts"][-1])
    out = {}
    for name, levels in ranking.items():
        out[name] = {"kendall_tau": levels[top]["kendall_tau"],
                     "interval": levels[top]["interval"], "effort": int(top),
                     "by_effort": levels}
    winners = {}
    for effort in map(str, cfg["efforts"]):
        r, p = ranking["rubric"][effort]["kendall_tau"], ranking["pairwise"][effort]["kendall_tau"]
        winners[effort] = "rubric" if r > p else "pairwise" if p > r else "tie"
    out["comparison"] = {
        "effort_unit": "projects visited per judge",
        "judges": cfg["judges"], "projects": cfg["projects"], "winner_by_effort": winners}
    return out


def run(cfg) -> dict:
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "cpu": platform.processor()},
              "goals": GOALS, "assignment": bench_assignment(cfg)}
    result.update(summarise(cfg, bench_ranking(cfg)))
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (the CI smoke test)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "judging.json")
    args = parser.parse_args(argv)
    result = run(SMOKE if args.smoke else FULL)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    a = result["assignment"]
    print(f"assignment: vs optimum {a['affinity_vs_optimum']}, vs greedy "
          f"{a['affinity_vs_greedy']}, conflicts {a['coi_violations']}, max load/mean "
          f"{a['max_load_over_mean']}, {a['seconds']} s")
    for name in ("rubric", "pairwise"):
        levels = result[name]["by_effort"]
        print(name, {e: (v["kendall_tau"], v["interval"]) for e, v in levels.items()})
    print("winner by effort:", result["comparison"]["winner_by_effort"])
    print(f"→ {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
