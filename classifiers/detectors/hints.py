"""What detector hits say about the labels: ``label_hints(spans) -> {label: score}``.

Each span kind and kind of evidence has a confidence: a roster full name is
near-certain evidence that staff are named, a first name alone much less so. A
label's hint is the strongest of its spans. School contacts (the office's own
number or mailbox) imply no label at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from classifiers.detectors import addresses, emails, phones, plates, pupils, staff, staff_roles
from classifiers.detectors import unlisted_staff as unlisted
from classifiers.detectors.common import evidence_of
from schoolwatch.domain import Span

# (kind, evidence) -> (label, confidence). Evidence "" is the default for the kind.
CONFIDENCE: Mapping[tuple[str, str], tuple[str, float]] = {
    (staff.KIND, staff.FULL_NAME): ("names_staff", 0.97),
    (staff.KIND, staff.HONORIFIC_SURNAME): ("names_staff", 0.97),
    (staff.KIND, staff.FULL_NAME_MISSPELT): ("names_staff", 0.93),
    (staff.KIND, staff.HONORIFIC_SURNAME_MISSPELT): ("names_staff", 0.92),
    (staff.KIND, staff.HONORIFIC_FIRST): ("names_staff", 0.93),
    (staff.KIND, staff.SURNAME): ("names_staff", 0.92),
    (staff.KIND, staff.HONORIFIC_INITIAL): ("names_staff", 0.88),
    (staff.KIND, staff.SURNAME_MISSPELT): ("names_staff", 0.85),
    (staff.KIND, staff.FIRST_NAME): ("names_staff", 0.85),
    (staff.KIND, ""): ("names_staff", 0.85),
    (unlisted.KIND, unlisted.HONORIFIC_SURNAME): ("names_staff", 0.9),
    (unlisted.KIND, unlisted.HONORIFIC_INITIAL): ("names_staff", 0.82),
    (unlisted.KIND, ""): ("names_staff", 0.82),
    (staff_roles.KIND, ""): ("names_staff", 0.88),
    (pupils.KIND, pupils.RELATION): ("identifies_pupil", 0.92),
    (pupils.KIND, pupils.CLASS): ("identifies_pupil", 0.92),
    (pupils.KIND, pupils.AGE): ("identifies_pupil", 0.88),
    (pupils.KIND, pupils.CALLED): ("identifies_pupil", 0.9),
    (pupils.KIND, pupils.PARENT): ("identifies_pupil", 0.8),
    (pupils.KIND, pupils.DESCRIBED): ("identifies_pupil", 0.85),
    (pupils.KIND, pupils.OWN_CHILD): ("identifies_pupil", 0.8),
    (pupils.KIND, pupils.PRAISE): ("identifies_pupil", 0.75),
    (pupils.KIND, ""): ("identifies_pupil", 0.75),
    (phones.KIND, ""): ("personal_data", 0.95),
    (emails.KIND, ""): ("personal_data", 0.93),
    (addresses.ADDRESS, ""): ("personal_data", 0.95),
    (addresses.ADDRESS, addresses.LIVES_ON): ("personal_data", 0.9),
    (addresses.POSTCODE, ""): ("personal_data", 0.75),
    (plates.KIND, plates.CURRENT): ("personal_data", 0.93),
    (plates.KIND, ""): ("personal_data", 0.85),
}


def span_hint(span: Span) -> tuple[str, float] | None:
    """The label a span supports and how strongly, or None (school contacts, unknown kinds)."""
    return (CONFIDENCE.get((span.kind, evidence_of(span.detail)))
            or CONFIDENCE.get((span.kind, "")))


def label_hints(spans: Iterable[Span]) -> dict[str, float]:
    """Label -> the highest confidence any span gives it (labels with no hits are absent)."""
    hints: dict[str, float] = {}
    for span in spans:
        hint = span_hint(span)
        if hint is not None:
            label, score = hint
            hints[label] = max(hints.get(label, 0.0), score)
    return hints
