"""Small pieces of the classifier: metrics, thresholds, windows, detector lifts, actions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import f1_score

from classifiers.default_action import default_recommendation
from classifiers.detector_scores import HIT_SCORE, kind_hints, label_for_span, raise_scores
from classifiers.model.encoder import packaged_encoder_path
from classifiers.model.runtime import _batches
from classifiers.model.windows import MAX_WINDOWS, Window, WindowTokenizer
from classifiers.school_finder import SchoolFinder, _AliasSearch
from classifiers.training.metrics import (
    best_threshold,
    binary_metrics,
    f_beta,
    threshold_candidates,
    two_class_macro_f1,
)
from schoolwatch.config import School
from schoolwatch.domain import ACTIONS, LABELS, Span


def test_two_class_macro_f1_matches_sklearn() -> None:
    rng = np.random.default_rng(1)
    truth = rng.random(300) < 0.3
    predicted = rng.random(300) < 0.4
    assert two_class_macro_f1(truth, predicted) == pytest.approx(
        f1_score(truth, predicted, average="macro"))
    assert binary_metrics(truth, predicted).f1 == pytest.approx(f1_score(truth, predicted))


def _best_threshold_by_definition(truth: np.ndarray, scores: np.ndarray, objective: str,
                                  min_recall: float, beta: float) -> float:
    """The chooser written as a plain loop over ``binary_metrics`` (the specification)."""
    candidates = threshold_candidates(scores)
    values, recalls = [], []
    for threshold in candidates:
        predicted = scores >= threshold
        counts = binary_metrics(truth, predicted)
        values.append(two_class_macro_f1(truth, predicted) if objective == "macro"
                      else f_beta(counts.precision, counts.recall, beta))
        recalls.append(counts.recall)
    value_array, recall_array = np.array(values), np.array(recalls)
    if min_recall > 0 and np.any(recall_array >= min_recall):
        value_array = np.where(recall_array >= min_recall, value_array, -1.0)
    plateau = candidates[value_array >= value_array.max() - 1e-9]
    return float(plateau[len(plateau) // 2])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 100)), min_size=1, max_size=60),
       st.sampled_from(["f1", "macro"]), st.sampled_from([0.0, 0.5, 0.9]),
       st.sampled_from([1.0, 2.0]), st.sampled_from([np.float64, np.float32]))
def test_vectorised_threshold_choice_equals_its_definition(
        rows: list[tuple[bool, int]], objective: str, min_recall: float, beta: float,
        dtype: type) -> None:
    truth = np.array([t for t, _ in rows])
    # Coarse scores make plateaus and ties; float32 is what the network returns.
    scores = np.array([s / 100 for _, s in rows], dtype=dtype)
    assert best_threshold(truth, scores, objective, min_recall, beta) == \
        _best_threshold_by_definition(truth, scores, objective, min_recall, beta)


def test_best_threshold_separates_and_honours_recall_floor() -> None:
    truth = np.array([0, 0, 0, 0, 1, 1, 1, 1], dtype=bool)
    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.4, 0.7, 0.8, 0.9])
    chosen = best_threshold(truth, scores)
    best_possible = max(binary_metrics(truth, scores >= t).f1 for t in scores)
    assert binary_metrics(truth, scores >= chosen).f1 == pytest.approx(best_possible)
    floored = best_threshold(truth, scores, min_recall=1.0)
    assert floored <= 0.4 and binary_metrics(truth, scores >= floored).recall == 1.0


def test_f2_threshold_trades_precision_for_recall_but_not_all_of_it() -> None:
    truth = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1], dtype=bool)
    scores = np.array([0.05, 0.1, 0.15, 0.2, 0.45, 0.7, 0.4, 0.75, 0.8, 0.9])
    f1_choice = best_threshold(truth, scores)
    f2_choice = best_threshold(truth, scores, beta=2.0)
    assert binary_metrics(truth, scores >= f1_choice).recall == pytest.approx(0.75)
    # F2 takes the extra positive at 0.4 (one more false alarm), not every post.
    at_f2 = binary_metrics(truth, scores >= f2_choice)
    assert at_f2.recall == 1.0 and at_f2.predicted == 6
    assert f_beta(0.5, 1.0, 2.0) == pytest.approx(5 * 0.5 / (4 * 0.5 + 1))
    assert f_beta(0.5, 1.0, 1.0) == pytest.approx(2 / 3)


def test_windows_cover_long_text_and_keep_short_text_whole() -> None:
    tokenizer = WindowTokenizer(packaged_encoder_path() / "tokenizer.json", max_length=32)
    short, long_ = "Lovely sports day", " ".join(f"word{i}" for i in range(60))
    windows = tokenizer.windows([short, long_, ""])
    by_text = [[w for w in windows if w.text_index == i] for i in range(3)]
    assert len(by_text[0]) == 1 and len(by_text[2]) == 1  # empty text still scored
    assert 1 < len(by_text[1]) <= MAX_WINDOWS
    assert all(len(w.ids) <= 32 and w.ids[0] == tokenizer.cls_id
               and w.ids[-1] == tokenizer.sep_id for w in windows)
    last_words = tokenizer.tokenizer.decode(list(by_text[1][-1].ids))
    assert "word59" in last_words.replace(" ", "")  # the end of the post is read


def test_windows_survive_undecodable_bytes() -> None:
    tokenizer = WindowTokenizer(packaged_encoder_path() / "tokenizer.json", max_length=16)
    assert len(tokenizer.windows(["bad \udcff byte"])) == 1


def test_batches_group_by_length_within_token_budget() -> None:
    windows = [Window(i, tuple(range(n))) for i, n in enumerate([5, 60, 6, 61, 7, 5])]
    batches = _batches(windows, batch_tokens=130, max_batch=3)
    assert sorted(i for b in batches for i in b) == list(range(6))
    for batch in batches:
        widths = [len(windows[i].ids) for i in batch]
        assert max(widths) * len(batch) <= 130 and len(batch) <= 3
        assert max(widths) - min(widths) <= 2  # short and long windows are not mixed


def test_detector_hints_raise_their_label_only() -> None:
    scores = {label: 0.1 for label in LABELS}
    raised = raise_scores(scores, {"names_staff": 0.97, "personal_data": 0.4, "unknown": 1.0})
    assert raised["names_staff"] == 0.97
    assert raised["personal_data"] == 0.4 and raised["threat"] == 0.1
    assert "unknown" not in raised
    assert raise_scores({"names_staff": 0.99}, {"names_staff": 0.9}) == {"names_staff": 0.99}


def test_fallback_hints_map_span_kinds_to_labels() -> None:
    spans = [Span("staff_unlisted", 0, 5, "Smith"), Span("phone", 10, 21, "07700900123"),
             Span("identifies_pupil", 30, 35, "Billy"), Span("something_else", 0, 1, "x")]
    assert kind_hints(spans) == {"names_staff": HIT_SCORE, "personal_data": HIT_SCORE,
                                 "identifies_pupil": HIT_SCORE}
    assert label_for_span(Span("something_else", 0, 1, "x"), LABELS) is None


@pytest.mark.parametrize(("labels", "action", "severity"), [
    ((), "none", 0),
    (("criticism",), "none", 1),
    (("names_staff",), "monitor", 1),
    (("abusive",), "request_removal", 2),
    (("abusive", "names_staff"), "report_platform", 3),
    (("threat", "abusive", "names_staff"), "escalate_police", 4),
    (("safeguarding", "criticism"), "escalate_dsl", 4),
])
def test_default_actions(labels: tuple[str, ...], action: str, severity: int) -> None:
    recommendation = default_recommendation(labels)
    assert (recommendation.action, recommendation.severity) == (action, severity)
    assert recommendation.action in ACTIONS and recommendation.reason


def test_fallback_alias_search_is_case_insensitive_and_respects_exclusions() -> None:
    schools = [School(id="beech-hill", name="Beech Hill Community Primary School",
                      aliases=("Beech Hill Primary",), exclude=("Beech Hill Primary Road",)),
               School(id="oak", name="Oak Academy")]
    search = _AliasSearch(schools)
    assert [s.id for s in search.match("went to BEECH HILL PRIMARY today")] == ["beech-hill"]
    assert search.match("roadworks on Beech Hill Primary Road again") == []
    assert [s.id for s in search.match("oak academy and beech hill primary")] == \
        ["beech-hill", "oak"]
    finder = SchoolFinder(schools)
    assert [s.id for s in finder.match("Oak Academy fete")] == ["oak"]


def test_average_checkpoints_is_the_mean_of_the_saved_epochs(tmp_path) -> None:
    import torch

    from classifiers.training.finetune import average_checkpoints

    for epoch, value in ((1, 100.0), (2, 1.0), (3, 3.0)):
        torch.save({"trainable": {"head.weight": torch.full((2, 2), value),
                                  "head.bias": torch.tensor([value, -value])}},
                   tmp_path / f"epoch-{epoch}.pt")
    averaged = average_checkpoints(tmp_path, [2, 3])
    assert torch.equal(averaged["head.weight"], torch.full((2, 2), 2.0))
    assert torch.equal(averaged["head.bias"], torch.tensor([2.0, -2.0]))


def test_average_of_identical_checkpoints_is_bit_exact(tmp_path) -> None:
    """Untouched word-embedding rows must survive averaging unchanged (float32 sums
    of five equal values often do not)."""
    import torch

    from classifiers.training.finetune import average_checkpoints

    table = torch.randn(2000, 16, generator=torch.Generator().manual_seed(3))
    for epoch in range(1, 6):
        torch.save({"trainable": {"encoder.embeddings.word_embeddings.weight": table.clone()}},
                   tmp_path / f"epoch-{epoch}.pt")
    for epochs in ([1, 2, 3], [1, 2, 3, 4, 5]):
        averaged = average_checkpoints(tmp_path, epochs)
        assert torch.equal(averaged["encoder.embeddings.word_embeddings.weight"], table)
