"""The demo-corpus evaluation scores labels correctly, including host-prefixed feed ids."""

from __future__ import annotations

import pytest

from classifiers.evaluate_demo import ground_truth, score


def test_score_counts_true_and_false_positives_per_label() -> None:
    truth = {"t1_abc": ["threat"], "/news/entry-42": ["abusive", "names_staff"], "t1_zzz": []}
    predicted = {
        "t1_abc": ["threat", "abusive"],                    # one right, one wrong
        "127.0.0.1:5000:/news/entry-42": ["names_staff"],   # feed ids carry a host prefix
        "t1_zzz": [],
        "t1_unknown": ["hate"],                             # not in the corpus: ignored
    }
    compared, table = score(predicted, truth)
    assert compared == 3
    assert table["threat"] == pytest.approx(
        {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1})
    assert table["abusive"]["precision"] == 0.0 and table["abusive"]["recall"] == 0.0
    assert table["names_staff"]["recall"] == 1.0
    assert table["hate"]["support"] == 0


def test_ground_truth_covers_the_whole_corpus() -> None:
    truth = ground_truth()
    assert len(truth) > 400
    assert all("__BASE__" not in key for key in truth)
