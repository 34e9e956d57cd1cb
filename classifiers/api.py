"""The classifier other rooms call: ``load_classifier(config).classify(texts, schools)``.

``[classifier] model`` in the config chooses the bundle: ``"default"`` is the
one shipped in ``classifiers/artifacts/`` (fine-tuned all-MiniLM-L6-v2); a
folder written by ``schoolwatch train`` is used as it is. A bare Hugging Face
model id or folder has no trained labels yet, so the error says how to train
one. ``[classifier] thresholds`` overrides the trained per-label thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from classifiers.detector_scores import (
    DetectFunction,
    HintsFunction,
    kind_hints,
    load_detectors,
    raise_scores,
)
from classifiers.model.bundle import DEFAULT_BUNDLE_DIR, BundleError, is_bundle, read_manifest
from classifiers.model.runtime import Scorer, open_scorer
from schoolwatch.config import ClassifierSettings, Config, School
from schoolwatch.domain import LABELS, Classification, Span


@dataclass
class Classifier:
    """Scores texts on every label, applies thresholds and attaches detector spans."""

    version: str
    scorer: Scorer
    thresholds: Mapping[str, float]
    detect: DetectFunction | None = None
    hints: HintsFunction = kind_hints

    @property
    def labels(self) -> tuple[str, ...]:
        """The product's labels, in the model's order (what every classification carries)."""
        return tuple(label for label in self.scorer.labels if label in LABELS)

    @property
    def model_labels(self) -> tuple[str, ...]:
        """Every output of the model: the labels plus auxiliary ones (such as ``offensive``,
        the OLID-trained general offensive-language head), in column order."""
        return self.scorer.labels

    def model_scores(self, texts: Sequence[str]) -> np.ndarray:
        """The model's probabilities alone (texts x ``model_labels``), no detectors."""
        return self.scorer.score(list(texts))

    def classify(self, texts: Sequence[str],
                 schools: Sequence[School] | None = None) -> list[Classification]:
        """One :class:`Classification` per text: all label scores, flagged labels, spans.

        ``schools`` are the schools whose staff rosters the detectors look for
        (usually the schools the text matched, or all configured schools).
        """
        texts = list(texts)
        return self.classify_each(texts, [schools] * len(texts))

    def classify_each(self, texts: Sequence[str],
                      schools_per_text: Sequence[Sequence[School] | None]
                      ) -> list[Classification]:
        """Like :meth:`classify`, with its own list of schools for each text."""
        texts = list(texts)
        matrix = self.model_scores(texts)
        return [self._result(text, row, schools)
                for text, row, schools in zip(texts, matrix, schools_per_text, strict=True)]

    def _result(self, text: str, row: np.ndarray,
                schools: Sequence[School] | None) -> Classification:
        spans: tuple[Span, ...] = ()
        if self.detect is not None:
            spans = tuple(self.detect(text, schools))
        scores = raise_scores({label: float(row[i]) for i, label in enumerate(self.model_labels)
                               if label in LABELS},
                              self.hints(spans))
        labels = tuple(label for label in self.labels
                       if scores[label] >= self.thresholds.get(label, 0.5))
        return Classification(scores={k: round(v, 4) for k, v in scores.items()},
                              labels=labels, spans=spans, model_version=self.version)

def bundle_dir_for(settings: ClassifierSettings, config_dir: Path | None = None) -> Path:
    """The bundle folder ``[classifier] model`` refers to (relative paths from the config)."""
    if settings.model in ("default", ""):
        return DEFAULT_BUNDLE_DIR
    path = Path(settings.model).expanduser()
    if not path.is_absolute() and config_dir is not None and (config_dir / path).exists():
        path = config_dir / path
    if path.is_dir() and is_bundle(path):
        return path
    raise BundleError(
        f"[classifier] model = {settings.model!r} is not a trained schoolwatch classifier. "
        f"To use that encoder, train labels on it first: `schoolwatch train --encoder "
        f"{settings.model} --out models/my-classifier`, then set model = "
        "\"models/my-classifier\". Use model = \"default\" for the built-in one."
    )


def load_classifier(config: Config | None = None, *, backend: str | None = None,
                    bundle: Path | None = None) -> Classifier:
    """Load the configured classifier (the built-in one when ``config`` is None)."""
    settings = config.classifier if config is not None else ClassifierSettings()
    directory = bundle or bundle_dir_for(settings, config.path.parent if config else None)
    manifest = read_manifest(directory)
    missing = set(LABELS) - set(manifest.labels)
    if missing:
        raise BundleError(f"The classifier in {directory} lacks labels {sorted(missing)}.")
    scorer = open_scorer(directory, manifest, backend)
    if hasattr(scorer, "max_batch"):
        scorer.max_batch = max(1, settings.batch_size)
    thresholds = {**manifest.thresholds, **settings.thresholds}
    detect, hints = load_detectors()
    return Classifier(version=manifest.version(), scorer=scorer, thresholds=thresholds,
                      detect=detect, hints=hints)
