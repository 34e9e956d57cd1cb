"""Thresholds on dev, metrics on test, for the bundle exactly as it will run.

Scores come from the exported bundle through the same code the product uses
(``classifiers.api``: model + detector hits), for the int8 ONNX backend that
ships and for the PyTorch backend as a reference. Thresholds are chosen on
the dev splits only; the test splits are measured once with them.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from classifiers.api import Classifier, load_classifier
from classifiers.model.bundle import MANIFEST_NAME
from classifiers.training.data import (
    MODEL_LABELS,
    SCHOOL_CORPUS_DEFAULT,
    Example,
    Splits,
    offensive_label,
)
from classifiers.training.metrics import (
    best_threshold,
    macro_f1,
    per_label_report,
    tuned_macro_f1,
    two_class_macro_f1,
)
from schoolwatch.config import School, load_config
from schoolwatch.domain import HARM_LABELS, LABELS

log = logging.getLogger(__name__)

# Labels where missing a true case costs most: their thresholds maximise F2 on dev
# (recall weighed twice precision) rather than F1. A hard recall floor on a few
# dozen dev posts pushed the threat threshold so low that precision collapsed.
RECALL_BETAS = {"threat": 2.0, "safeguarding": 2.0}
RECALL_FLOORS: dict[str, float] = {}
ROSTERS_NAME = "rosters.toml"


def corpus_schools(directory: Path) -> tuple[School, ...]:
    """The fictional schools and staff rosters the school corpus was written about."""
    path = directory / ROSTERS_NAME
    if not path.is_file():
        return ()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_config(path).schools


def system_scores(classifier: Classifier, examples: Sequence[Example],
                  schools: Sequence[School]) -> np.ndarray:
    """Scores (examples x labels) from model + detectors, as ``classify`` computes them.

    Each post is checked against the roster of the school it is about; a post
    about no school against every roster, as ``schoolwatch classify`` does.
    """
    by_id = {school.id: school for school in schools}
    rosters = [[by_id[e.school]] if e.school in by_id else list(schools) for e in examples]
    results = classifier.classify_each([e.text for e in examples],
                                       [r or None for r in rosters])
    return np.array([[r.scores[label] for label in classifier.labels] for r in results],
                    dtype=np.float32)


def _truth(examples: Sequence[Example], labels: Sequence[str]) -> np.ndarray:
    """Gold labels (examples x labels); examples carry targets in ``MODEL_LABELS`` order."""
    columns = [MODEL_LABELS.index(label) for label in labels]
    return np.array([e.targets for e in examples], dtype=bool)[:, columns]


def _olid_truth(examples: Sequence[Example]) -> np.ndarray:
    """OLID's offensive/not per tweet: the one target each tweet supervises."""
    return np.array([e.targets[e.mask.index(1.0)] for e in examples], dtype=bool)


def _olid_measure(truth_dev: np.ndarray, dev: np.ndarray, truth_test: np.ndarray,
                  test: np.ndarray) -> dict:
    threshold, dev_macro_f1 = tuned_macro_f1(truth_dev, dev)
    return {"threshold_chosen_on_dev": round(threshold, 4),
            "dev_macro_f1": round(dev_macro_f1, 4),
            "test_macro_f1": round(two_class_macro_f1(truth_test, test >= threshold), 4)}


def measure_backend(directory: Path, backend: str, olid: Splits, school: Splits,
                    schools: Sequence[School]) -> dict:
    """Dev-chosen thresholds and dev/test metrics for one backend."""
    classifier = load_classifier(None, backend=backend, bundle=directory)
    labels = classifier.labels
    offensive_output = offensive_label(classifier.model_labels)
    offensive = classifier.model_labels.index(offensive_output)
    abusive = classifier.model_labels.index("abusive")

    olid_dev_all = classifier.model_scores([e.text for e in olid.dev])
    olid_test_all = classifier.model_scores([e.text for e in olid.test])
    olid_dev, olid_test = olid_dev_all[:, offensive], olid_test_all[:, offensive]
    olid_dev_truth, olid_test_truth = _olid_truth(olid.dev), _olid_truth(olid.test)
    olid_result = _olid_measure(olid_dev_truth, olid_dev, olid_test_truth, olid_test)

    dev_scores = system_scores(classifier, school.dev, schools)
    test_scores = system_scores(classifier, school.test, schools)
    dev_truth, test_truth = _truth(school.dev, labels), _truth(school.test, labels)
    thresholds = [
        best_threshold(dev_truth[:, i], dev_scores[:, i], min_recall=RECALL_FLOORS.get(label, 0),
                       beta=RECALL_BETAS.get(label, 1.0))
        if dev_truth[:, i].any() else 0.5
        for i, label in enumerate(labels)
    ]
    dev_report = per_label_report(dev_truth, dev_scores, thresholds, labels)
    test_report = per_label_report(test_truth, test_scores, thresholds, labels)
    # The product's own `abusive` label on OLID too, at an OLID-dev threshold and at
    # its school threshold (the one it runs with): it answers a narrower question.
    school_abusive = thresholds[labels.index("abusive")]
    abusive_on_olid = _olid_measure(olid_dev_truth, olid_dev_all[:, abusive],
                                    olid_test_truth, olid_test_all[:, abusive])
    abusive_on_olid["test_macro_f1_at_school_threshold"] = round(two_class_macro_f1(
        olid_test_truth, olid_test_all[:, abusive] >= school_abusive), 4)
    chosen = {label: round(t, 4) for label, t in zip(labels, thresholds, strict=True)}
    if offensive_output not in chosen:
        chosen[offensive_output] = olid_result["threshold_chosen_on_dev"]
    return {
        "backend": classifier.scorer.backend,
        "thresholds": chosen,
        "olid": {
            "output": offensive_output,
            **olid_result,
            "abusive_label": abusive_on_olid,
            "dev_size": len(olid.dev), "test_size": len(olid.test),
        },
        "school": {
            "dev": dev_report, "test": test_report,
            "dev_harm_macro_f1": round(macro_f1(dev_report, HARM_LABELS), 4),
            "test_harm_macro_f1": round(macro_f1(test_report, HARM_LABELS), 4),
            "test_all_macro_f1": round(macro_f1(test_report, LABELS), 4),
            "dev_size": len(school.dev), "test_size": len(school.test),
            "detectors": classifier.detect is not None,
        },
    }


def choose_thresholds_and_measure(directory: Path, olid: Splits, school: Splits,
                                  school_dir: Path = SCHOOL_CORPUS_DEFAULT) -> dict:
    """Measure both backends, store the shipped (ONNX) thresholds and metrics in the manifest."""
    schools = corpus_schools(school_dir)
    shipped = measure_backend(directory, "onnx", olid, school, schools)
    reference = measure_backend(directory, "torch", olid, school, schools)
    path = directory / MANIFEST_NAME
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["thresholds"] = shipped["thresholds"]
    test = shipped["school"]["test"]
    manifest["metrics"] = {
        "summary": {
            "olid_dev_macro_f1": shipped["olid"]["dev_macro_f1"],
            "olid_test_macro_f1": shipped["olid"]["test_macro_f1"],
            "school_test_harm_macro_f1": shipped["school"]["test_harm_macro_f1"],
            "names_staff_test_f1": test["names_staff"]["f1"],
            "threat_test_recall": test["threat"]["recall"],
            "backend": shipped["backend"],
        },
        "onnx_int8": shipped,
        "torch_reference": reference,
    }
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
