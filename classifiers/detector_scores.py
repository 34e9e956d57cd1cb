"""How rule-detector hits raise the classifier's scores.

The detectors (``classifiers.detectors.detect(text, schools) -> list[Span]``)
find staff names, pupils and personal data with exact spans. A hit is strong
evidence for its label, so the label's score becomes at least the hit's
confidence. Until the detectors are installed the classifier runs on the
model alone and reports no spans.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from schoolwatch.config import School
from schoolwatch.domain import Span

log = logging.getLogger(__name__)

# Confidence a detector hit gives its label (a span is shown to staff as proof).
HIT_SCORE = 0.97

# Span kinds (or fragments of them) and the label each supports; a span whose
# kind is itself a label name supports that label.
_KIND_FRAGMENTS: tuple[tuple[str, str], ...] = (
    ("staff", "names_staff"), ("honorific", "names_staff"), ("teacher", "names_staff"),
    ("pupil", "identifies_pupil"), ("child", "identifies_pupil"),
    ("phone", "personal_data"), ("email", "personal_data"), ("postcode", "personal_data"),
    ("address", "personal_data"), ("plate", "personal_data"),
    ("personal", "personal_data"),
)

DetectFunction = Callable[[str, Sequence[School] | None], list[Span]]


def label_for_span(span: Span, labels: Sequence[str]) -> str | None:
    """The label a detector span supports, or None for kinds that imply no label."""
    kind = span.kind.lower()
    if kind in labels:
        return kind
    for fragment, label in _KIND_FRAGMENTS:
        if fragment in kind:
            return label
    return None


def load_detect() -> DetectFunction | None:
    """``classifiers.detectors.detect`` when the detectors are installed, else None."""
    try:
        from classifiers.detectors import detect
    except ImportError:
        log.info("classifiers.detectors is not available; scoring with the model only")
        return None
    return detect


def raise_scores(scores: Mapping[str, float], spans: Sequence[Span]) -> dict[str, float]:
    """Model scores with each detected label lifted to at least ``HIT_SCORE``."""
    raised = dict(scores)
    for span in spans:
        label = label_for_span(span, tuple(raised))
        if label is not None:
            raised[label] = max(raised[label], HIT_SCORE)
    return raised
