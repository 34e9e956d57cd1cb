"""Precision, recall, F1 and threshold choice for multi-label scores (no torch needed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class LabelMetrics:
    """Counts and scores of one binary label."""

    precision: float
    recall: float
    f1: float
    support: int
    predicted: int

    def as_dict(self) -> dict[str, float | int]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def binary_metrics(truth: np.ndarray, predicted: np.ndarray) -> LabelMetrics:
    """P/R/F1 of the positive class (0 when undefined)."""
    truth = truth.astype(bool)
    predicted = predicted.astype(bool)
    tp = int(np.sum(truth & predicted))
    fp = int(np.sum(~truth & predicted))
    fn = int(np.sum(truth & ~predicted))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return LabelMetrics(precision, recall, f1, int(truth.sum()), int(predicted.sum()))


def two_class_macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Macro-F1 over the positive and negative class (OffensEval's level-A metric)."""
    positive = binary_metrics(truth, predicted).f1
    negative = binary_metrics(~truth.astype(bool), ~predicted.astype(bool)).f1
    return (positive + negative) / 2


def tuned_macro_f1(truth: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """(the threshold that maximises two-class macro-F1 on these scores, that macro-F1)."""
    threshold = best_threshold(truth, scores, objective="macro")
    return threshold, two_class_macro_f1(truth, scores >= threshold)


def f_beta(precision: float, recall: float, beta: float) -> float:
    """F-beta: ``beta`` > 1 weighs recall ``beta`` times as much as precision."""
    if precision + recall == 0:
        return 0.0
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


THRESHOLD_GRID = np.linspace(0.02, 0.98, 49)


def threshold_candidates(scores: np.ndarray) -> np.ndarray:
    """Thresholds worth trying: a fixed grid plus every score, away from 0 and 1."""
    found = np.unique(np.concatenate([THRESHOLD_GRID, scores]))
    return found[(found > 0.01) & (found < 0.99)]


def _confusion(truth: np.ndarray, scores: np.ndarray,
               thresholds: np.ndarray) -> tuple[np.ndarray, ...]:
    """(tp, fp, fn, tn) at each threshold (a score flags at ``>= threshold``), as floats.

    Counted by binary search in the sorted scores of each class: memory grows
    with the rows plus the thresholds, not their product.
    """
    truth = truth.astype(bool)
    scores = scores.astype(np.float64)  # compare as ``scores >= threshold`` would
    positives = np.sort(scores[truth])
    negatives = np.sort(scores[~truth])
    tp = (len(positives) - np.searchsorted(positives, thresholds, side="left")).astype(float)
    fp = (len(negatives) - np.searchsorted(negatives, thresholds, side="left")).astype(float)
    return tp, fp, len(positives) - tp, len(negatives) - fp


def _f_beta_counts(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, beta: float) -> np.ndarray:
    b2 = beta * beta
    denominator = (1 + b2) * tp + b2 * fn + fp
    return np.where(denominator > 0, (1 + b2) * tp / np.maximum(denominator, 1e-12), 0.0)


def f_beta_curve(truth: np.ndarray, scores: np.ndarray, thresholds: np.ndarray,
                 beta: float) -> np.ndarray:
    """F-beta of the positive class at each threshold (0 where nothing is found)."""
    tp, fp, fn, _ = _confusion(truth, scores, thresholds)
    return _f_beta_counts(tp, fp, fn, beta)


def best_threshold(truth: np.ndarray, scores: np.ndarray, objective: str = "f1",
                   min_recall: float = 0.0, beta: float = 1.0) -> float:
    """The threshold maximising ``objective`` on these (dev) scores.

    ``objective`` is ``"f1"`` (positive-class F-beta, F1 unless ``beta`` is
    given) or ``"macro"`` (two-class macro-F1). With ``min_recall``,
    thresholds below that recall are only used when none reaches it. Ties go
    to the threshold in the middle of the best plateau, which generalises
    better than its edge.
    """
    candidates = threshold_candidates(scores)
    if candidates.size == 0:
        return 0.5
    tp, fp, fn, tn = _confusion(truth, scores, candidates)
    if objective == "macro":
        # The negative class's F1 swaps the roles: its hits are true negatives.
        values = (_f_beta_counts(tp, fp, fn, 1.0) + _f_beta_counts(tn, fn, fp, 1.0)) / 2
    else:
        values = _f_beta_counts(tp, fp, fn, beta)
    recalls = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1), 0.0)
    if min_recall > 0 and np.any(recalls >= min_recall):
        values = np.where(recalls >= min_recall, values, -1.0)
    plateau = candidates[values >= values.max() - 1e-9]
    return float(plateau[len(plateau) // 2])


def per_label_report(truth: np.ndarray, scores: np.ndarray, thresholds: Sequence[float],
                     labels: Sequence[str]) -> dict[str, dict[str, float | int]]:
    """Per-label P/R/F1 at the given thresholds."""
    return {
        label: binary_metrics(truth[:, i], scores[:, i] >= thresholds[i]).as_dict()
        for i, label in enumerate(labels)
    }


def macro_f1(report: dict[str, dict[str, float | int]], labels: Sequence[str]) -> float:
    """Mean F1 over ``labels`` of a per-label report."""
    return float(np.mean([report[label]["f1"] for label in labels]))
