"""Threshold rules compared by cross-validation within dev: synthetic scores."""

from __future__ import annotations

import numpy as np

from classifiers.training.threshold_cv import (
    RULES,
    compare_rules,
    current_rule,
    f_beta_curve,
    lowest_within,
    smoothed_rule,
)


def test_f_beta_curve_counts_by_hand() -> None:
    truth = np.array([True, True, False, False])
    scores = np.array([0.9, 0.4, 0.6, 0.1])
    f1 = f_beta_curve(truth, scores, np.array([0.5, 0.3, 0.95]), 1.0)
    # 0.5: tp 1, fp 1, fn 1 -> 0.5; 0.3: tp 2, fp 1 -> 0.8; 0.95: nothing found -> 0.
    assert np.allclose(f1, [0.5, 0.8, 0.0])


def test_lowest_within_prefers_recall_on_a_near_tie() -> None:
    # Best F1 with only the 0.95s flagged (6 of 10 found, no false alarms: 0.750); flagging
    # the 0.3s too finds all 10 with 7 false alarms (0.741), within 0.01 of the best.
    truth = np.array([True] * 10 + [False] * 17)
    scores = np.array([0.95] * 6 + [0.3] * 4 + [0.3] * 7 + [0.05] * 10)

    def recall(threshold: float) -> float:
        return float((scores[truth] >= threshold).mean())

    assert recall(current_rule(truth, scores, 1.0)) == 0.6
    assert recall(lowest_within(0.01)(truth, scores, 1.0)) == 1.0
    assert recall(lowest_within(0.005)(truth, scores, 1.0)) == 0.6  # 0.009 is outside it


def test_smoothed_rule_picks_a_broad_plateau_over_a_spike() -> None:
    rng = np.random.default_rng(0)
    truth = rng.random(400) < 0.3
    scores = np.where(truth, rng.uniform(0.4, 0.9, 400), rng.uniform(0.0, 0.5, 400))
    threshold = smoothed_rule(truth, scores, 1.0)
    assert 0.35 <= threshold <= 0.55


def test_compare_rules_reports_each_rule_against_current() -> None:
    rng = np.random.default_rng(1)
    truth = rng.random((120, 2)) < 0.4
    scores = np.clip(truth * 0.5 + rng.normal(0.25, 0.2, (120, 2)), 0, 1)
    result = compare_rules(truth, scores, [1.0, 2.0], splits=8)
    assert set(result) == set(RULES)
    assert result["current"]["difference_from_current"] == 0.0
    assert all(0.0 < r["held_out_macro_f1"] <= 1.0 for r in result.values())
