"""The review engine shared by call review (programme) and hackathon judging.

Pure algorithms on plain Python values: it imports no feature app and no model. A feature
turns its rows into the engine's inputs (ids, tags, texts, conflict facts, scores), calls it,
and writes the result back itself.

  ``affinity``    how well an expert fits an item (expertise tags and text, TF-IDF).
  ``conflicts``   conflict-of-interest rules as data (hub, organisation, declared, team).
  ``assignment``  k reviewers per item under load caps and conflicts, as a linear programme
                  (HiGHS through SciPy), with a fairness option and a greedy baseline.
  ``scores``      per-reviewer z-scores, mean, median, spread and a disagreement flag.
  ``pairwise``    Crowd-BT ranking from "A is better than B" judgements, with the next pair
                  picked by expected information gain.
"""
