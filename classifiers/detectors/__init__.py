"""Rule detectors: staff, pupils and personal data, with exact spans.

    from classifiers.detectors import detect, label_hints
    spans = detect(text, schools)        # list[schoolwatch.domain.Span]
    hints = label_hints(spans)           # {"names_staff": 0.97, ...}

``schools`` are the schools whose rosters to look for (the schools a post
matched, or every configured school); ``None`` still finds pupils, personal
data and honorific + surname. Span offsets index the original text, so
``text[span.start:span.end] == span.text``. Where two hits overlap the stronger
kind wins (a roster name over an unlisted one, a child's name over a first name).
Rosters are compiled once per set of schools and cached.
"""

from __future__ import annotations

from collections.abc import Sequence

from classifiers.detectors.addresses import detect_addresses
from classifiers.detectors.common import resolve_overlaps
from classifiers.detectors.context import TextContext
from classifiers.detectors.emails import detect_emails
from classifiers.detectors.hints import label_hints, span_hint
from classifiers.detectors.phones import detect_phones
from classifiers.detectors.plates import detect_plates
from classifiers.detectors.pupils import detect_pupils
from classifiers.detectors.roster import roster_index
from classifiers.detectors.staff import detect_staff
from classifiers.detectors.staff_roles import detect_staff_roles
from classifiers.detectors.unlisted_staff import detect_unlisted_staff
from schoolwatch.config import School
from schoolwatch.domain import Span

__all__ = ["SPAN_KINDS", "detect", "label_hints", "span_hint"]

# Where spans overlap, the lower number wins.
PRIORITY: dict[str, int] = {
    "email": 0, "school_contact": 0, "phone": 1, "address": 2, "plate": 3, "postcode": 4,
    "pupil": 5, "staff": 6, "staff_role": 7, "staff_unlisted": 8,
}
SPAN_KINDS: tuple[str, ...] = tuple(PRIORITY)


def detect(text: str, schools: Sequence[School] | None = None) -> list[Span]:
    """Every staff name, child's name and piece of personal data in ``text``, in order."""
    if not text:
        return []
    chosen = tuple(schools or ())
    ctx = TextContext(text, roster_index(chosen))
    spans: list[Span] = []
    spans += detect_emails(ctx)
    spans += detect_phones(ctx)
    spans += detect_addresses(ctx)
    spans += detect_plates(ctx)
    spans += detect_pupils(ctx)
    spans += detect_staff(ctx)
    spans += detect_staff_roles(ctx)
    spans += detect_unlisted_staff(ctx)
    return resolve_overlaps(spans, PRIORITY)
