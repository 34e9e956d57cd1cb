"""How rule-detector hits raise the classifier's scores.

The detectors (``classifiers.detectors.detect(text, schools) -> list[Span]``)
find staff names, pupils and personal data with exact spans, and
``classifiers.detectors.label_hints(spans)`` says how strongly the hits
support each label (a roster full name more than a lone first name). A
label's score becomes at least its hint. Without the detectors installed the
classifier runs on the model alone and reports no spans.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence

from schoolwatch.config import School
from schoolwatch.domain import LABELS, Span

log = logging.getLogger(__name__)

DetectFunction = Callable[[str, Sequence[School] | None], list[Span]]
HintsFunction = Callable[[Iterable[Span]], dict[str, float]]

# Used only when the detectors package offers no label_hints of its own.
HIT_SCORE = 0.95
_KIND_FRAGMENTS: tuple[tuple[str, str], ...] = (
    ("staff", "names_staff"), ("pupil", "identifies_pupil"), ("phone", "personal_data"),
    ("email", "personal_data"), ("postcode", "personal_data"), ("address", "personal_data"),
    ("plate", "personal_data"),
)


def label_for_span(span: Span, labels: Sequence[str] = LABELS) -> str | None:
    """The label a span kind supports by name, or None."""
    kind = span.kind.lower()
    if kind in labels:
        return kind
    for fragment, label in _KIND_FRAGMENTS:
        if fragment in kind:
            return label
    return None


def kind_hints(spans: Iterable[Span]) -> dict[str, float]:
    """Fallback hints: every recognised span supports its label at ``HIT_SCORE``."""
    hints: dict[str, float] = {}
    for span in spans:
        label = label_for_span(span)
        if label is not None:
            hints[label] = HIT_SCORE
    return hints


def load_detectors() -> tuple[DetectFunction | None, HintsFunction]:
    """``(detect, label_hints)`` from ``classifiers.detectors``, or ``(None, kind_hints)``."""
    try:
        from classifiers.detectors import detect
    except ImportError:
        log.info("classifiers.detectors is not available; scoring with the model only")
        return None, kind_hints
    try:
        from classifiers.detectors import label_hints
    except ImportError:
        return detect, kind_hints
    return detect, label_hints


def raise_scores(scores: Mapping[str, float], hints: Mapping[str, float]) -> dict[str, float]:
    """Model scores with each hinted label lifted to at least its hint."""
    raised = dict(scores)
    for label, hint in hints.items():
        if label in raised:
            raised[label] = max(raised[label], float(hint))
    return raised
