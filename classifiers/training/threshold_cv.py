"""Compare ways of choosing thresholds by cross-validation on the dev split alone.

Each round splits the dev posts in half at random, chooses every harm label's
threshold on one half with each rule, and measures harm macro-F1 on the other
half. The rule that generalises best within dev is the one to trust; test is
never read. Rules:

- ``current``: the threshold maximising F-beta (F2 for threat and safeguarding),
  ties to the middle of the tie set (``metrics.best_threshold``, what training uses).
- ``lowest-within-0.005`` / ``-0.01``: the lowest threshold whose F-beta is within
  that much of the best (prefer recall when two thresholds nearly tie).
- ``smoothed``: the best of the F-beta curve averaged over five neighbouring
  thresholds on a 0.02 grid (prefer broad plateaus to sharp peaks).

    python -m classifiers.training.threshold_cv [--bundle DIR] [--splits 300]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from classifiers.training.metrics import (
    THRESHOLD_GRID,
    best_threshold,
    f_beta_curve,
    threshold_candidates,
)

GRID = THRESHOLD_GRID
Rule = Callable[[np.ndarray, np.ndarray, float], float]


def current_rule(truth: np.ndarray, scores: np.ndarray, beta: float) -> float:
    """What training does now."""
    return best_threshold(truth, scores, beta=beta)


def lowest_within(tolerance: float) -> Rule:
    """The lowest threshold within ``tolerance`` of the best F-beta."""
    def rule(truth: np.ndarray, scores: np.ndarray, beta: float) -> float:
        candidates = threshold_candidates(scores)
        values = f_beta_curve(truth, scores, candidates, beta)
        return float(candidates[values >= values.max() - tolerance].min())
    return rule


def smoothed_rule(truth: np.ndarray, scores: np.ndarray, beta: float) -> float:
    """The best of the F-beta curve averaged over five neighbouring grid thresholds."""
    values = f_beta_curve(truth, scores, GRID, beta)
    smooth = np.convolve(np.pad(values, 2, mode="edge"), np.ones(5) / 5, mode="valid")
    tied = GRID[smooth >= smooth.max() - 1e-9]
    return float(tied[len(tied) // 2])


RULES: dict[str, Rule] = {
    "current": current_rule,
    "lowest-within-0.005": lowest_within(0.005),
    "lowest-within-0.01": lowest_within(0.01),
    "smoothed": smoothed_rule,
}


def compare_rules(truth: np.ndarray, scores: np.ndarray, betas: Sequence[float],
                  splits: int = 300, seed: int = 20261121,
                  rules: dict[str, Rule] | None = None) -> dict[str, dict[str, float]]:
    """Mean held-out macro-F1 per rule, and its mean difference from ``current``."""
    rules = rules or RULES
    rng = np.random.default_rng(seed)
    count = len(truth)
    results: dict[str, list[float]] = {name: [] for name in rules}
    for _ in range(splits):
        order = rng.permutation(count)
        choose, measure = order[: count // 2], order[count // 2:]
        for name, rule in rules.items():
            f1s = [f_beta_curve(truth[measure, i], scores[measure, i],
                                np.array([rule(truth[choose, i], scores[choose, i], beta)]),
                                1.0)[0]
                   for i, beta in enumerate(betas)]
            results[name].append(float(np.mean(f1s)))
    baseline = np.array(results.get("current", next(iter(results.values()))))
    return {name: {"held_out_macro_f1": round(float(np.mean(values)), 4),
                   "difference_from_current": round(float(np.mean(np.array(values) - baseline)),
                                                    4)}
            for name, values in results.items()}


def main(argv: Sequence[str] | None = None) -> int:
    from classifiers.api import load_classifier
    from classifiers.training.data import MODEL_LABELS, SCHOOL_CORPUS_DEFAULT, load_school_corpus
    from classifiers.training.evaluate import RECALL_BETAS, corpus_schools, system_scores
    from schoolwatch.domain import HARM_LABELS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=None, help="default: the shipped one")
    parser.add_argument("--splits", type=int, default=300)
    args = parser.parse_args(argv)
    school = load_school_corpus(SCHOOL_CORPUS_DEFAULT)
    classifier = load_classifier(None, backend="onnx", bundle=args.bundle)
    columns = [classifier.labels.index(label) for label in HARM_LABELS]
    scores = system_scores(classifier, school.dev, corpus_schools(SCHOOL_CORPUS_DEFAULT))
    targets = np.array([example.targets for example in school.dev], dtype=bool)
    truth = targets[:, [MODEL_LABELS.index(label) for label in HARM_LABELS]]
    betas = [RECALL_BETAS.get(label, 1.0) for label in HARM_LABELS]
    result = compare_rules(truth, scores[:, columns], betas, args.splits)
    print(json.dumps({"dev_posts": len(truth), "splits": args.splits, **result}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
