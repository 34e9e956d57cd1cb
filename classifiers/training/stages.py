"""The two fine-tuning stages: OLID alone, then OLID plus the school-context corpus."""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from classifiers.model.encoder import load_encoder, load_tokenizer
from classifiers.model.network import LabelNetwork
from classifiers.training.data import MODEL_LABELS, Example, Splits, offensive_label
from classifiers.training.finetune import fine_tune, predict
from classifiers.training.metrics import (
    best_threshold,
    per_label_report,
    tuned_macro_f1,
    two_class_macro_f1,
)
from classifiers.training.settings import TrainSettings
from schoolwatch.domain import HARM_LABELS, LABELS

log = logging.getLogger(__name__)


def build_network(encoder_name: str,
                  labels: Sequence[str] = MODEL_LABELS) -> tuple[LabelNetwork, object]:
    """A fresh label network on the named encoder, and its tokenizer."""
    tokenizer = load_tokenizer(encoder_name)
    encoder = load_encoder(encoder_name)
    return LabelNetwork(encoder, labels), tokenizer


def olid_scores(network: LabelNetwork, tokenizer: object, examples: Sequence[Example],
                max_length: int) -> tuple[np.ndarray, np.ndarray]:
    """Offensive truth and score of OLID examples."""
    index = network.labels.index(offensive_label(network.labels))
    scores = predict(network, tokenizer, [e.text for e in examples], max_length)[:, index]
    truth = np.array([e.targets[index] for e in examples], dtype=bool)
    return truth, scores


def olid_dev_metrics(network: LabelNetwork, tokenizer: object, dev: Sequence[Example],
                     max_length: int) -> dict:
    """OLID dev macro-F1 at 0.5 and at the dev-chosen threshold."""
    truth, scores = olid_scores(network, tokenizer, dev, max_length)
    threshold, macro_f1 = tuned_macro_f1(truth, scores)
    return {
        "olid_dev_macro_f1_at_0.5": round(two_class_macro_f1(truth, scores >= 0.5), 4),
        "olid_dev_macro_f1": round(macro_f1, 4),
        "olid_dev_threshold": round(threshold, 4),
    }


def school_dev_metrics(network: LabelNetwork, tokenizer: object, dev: Sequence[Example],
                       max_length: int) -> dict:
    """School dev macro-F1 over the harm labels at dev-chosen thresholds per label."""
    if not dev:
        return {"school_dev_harm_macro_f1": 0.0}
    columns = [i for i, label in enumerate(network.labels) if label in LABELS]
    labels = [network.labels[i] for i in columns]
    scores = predict(network, tokenizer, [e.text for e in dev], max_length)[:, columns]
    truth = np.array([e.targets for e in dev], dtype=bool)[:, columns]
    thresholds = [best_threshold(truth[:, i], scores[:, i]) for i in range(len(labels))]
    report = per_label_report(truth, scores, thresholds, labels)
    harm = [report[label]["f1"] for label in HARM_LABELS if label in report]
    return {"school_dev_harm_macro_f1": round(float(np.mean(harm)), 4),
            "school_dev_f1": {k: v["f1"] for k, v in report.items()}}


def run_olid_stage(encoder_name: str, olid: Splits, settings: TrainSettings,
                   workdir: Path) -> tuple[LabelNetwork, object, dict]:
    """Stage 1: fine-tune the encoder for offensive language on OLID train."""
    network, tokenizer = build_network(encoder_name)

    def evaluate(net: LabelNetwork, epoch: int) -> dict:
        return olid_dev_metrics(net, tokenizer, olid.dev, settings.max_length)

    result = fine_tune(network, tokenizer, olid.train, settings, workdir,
                       evaluate, select=lambda m: m["olid_dev_macro_f1"])
    return network, tokenizer, result


def run_school_stage(network: LabelNetwork, tokenizer: object, olid: Splits, school: Splits,
                     settings: TrainSettings, workdir: Path, olid_replay: int,
                     school_repeats: int, average_from: int | None = None) -> dict:
    """Stage 2: all nine labels on the school corpus, with OLID replay to keep stage 1.

    The school corpus is small, so each epoch repeats it ``school_repeats``
    times alongside ``olid_replay`` OLID tweets drawn with the stage seed.
    """
    rng = random.Random(settings.seed + 1)  # noqa: S311 - reproducible replay
    replay = rng.sample(olid.train, min(olid_replay, len(olid.train)))
    mixture = replay + list(school.train) * school_repeats

    def evaluate(net: LabelNetwork, epoch: int) -> dict:
        metrics = olid_dev_metrics(net, tokenizer, olid.dev, settings.max_length)
        metrics.update(school_dev_metrics(net, tokenizer, school.dev, settings.max_length))
        return metrics

    # Choose the epoch that is best on both jobs: school harm labels and OLID.
    def select(m: dict) -> float:
        return m["school_dev_harm_macro_f1"] + 0.5 * m["olid_dev_macro_f1"]

    torch.manual_seed(settings.seed)
    return fine_tune(network, tokenizer, mixture, settings, workdir, evaluate, select,
                     average_from=average_from)
