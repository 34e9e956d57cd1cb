"""Post text with matched spans (staff, pupils, personal data) highlighted, safely.

Posts are hostile input. The HTML is built by escaping each plain segment and
each highlighted segment separately and joining them inside our own ``<mark>``
tags, never by inserting tags into raw text and escaping afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

# Span kinds grouped into the few colours staff learn to read.
_KIND_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("staff", "staff", "Member of staff"),
    ("teacher", "staff", "Member of staff"),
    ("pupil", "pupil", "Pupil"),
    ("child", "pupil", "Pupil"),
    ("student", "pupil", "Pupil"),
    ("phone", "personal", "Personal data"),
    ("email", "personal", "Personal data"),
    ("address", "personal", "Personal data"),
    ("postcode", "personal", "Personal data"),
    ("personal", "personal", "Personal data"),
)
REDACTED_GROUPS = frozenset({"pupil", "personal"})


def kind_group(kind: str) -> tuple[str, str]:
    """(css group, readable name) for a span kind such as ``staff_name`` or ``phone``."""
    lowered = kind.lower()
    for needle, group, label in _KIND_GROUPS:
        if needle in lowered:
            return group, label
    readable = re.sub(r"[^a-z0-9]+", " ", lowered).strip().capitalize() or "Match"
    return "other", readable


def locate_spans(text: str, spans: Iterable[Mapping[str, Any]]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) positions of the spans within ``text``.

    A span whose offsets point at its own text is used as is. Otherwise (the
    offsets refer to title and body together, say) every occurrence of its
    text is highlighted. Overlaps keep the earlier, then the longer span.
    """
    found: list[tuple[int, int, str]] = []
    for span in spans:
        kind = str(span.get("kind") or "match")
        start, end, snippet = span.get("start"), span.get("end"), span.get("text")
        snippet = snippet if isinstance(snippet, str) else ""
        if (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
                and (not snippet or text[start:end] == snippet)):
            found.append((start, end, kind))
        elif snippet.strip():
            position = text.find(snippet)
            while position >= 0:
                found.append((position, position + len(snippet), kind))
                position = text.find(snippet, position + len(snippet))
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    last_end = 0
    for start, end, kind in found:
        if start >= last_end:
            kept.append((start, end, kind))
            last_end = end
    return kept


def highlight(text: str, spans: Iterable[Mapping[str, Any]], *, redact: bool = False) -> Markup:
    """Escaped HTML of ``text`` with each span wrapped in ``<mark>``.

    With ``redact``, pupil and personal-data spans are replaced by a label
    (for the governors' snapshot).
    """
    pieces: list[Markup] = []
    position = 0
    for start, end, kind in locate_spans(text, spans):
        group, label = kind_group(kind)
        pieces.append(escape(text[position:start]))
        if redact and group in REDACTED_GROUPS:
            pieces.append(Markup('<mark class="hl hl-redacted">[{} removed]</mark>').format(
                label.lower()))
        else:
            pieces.append(Markup('<mark class="hl hl-{}" title="{}">{}</mark>').format(
                group, label, text[start:end]))
        position = end
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


def legend(spans: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The (css group, readable name) pairs present, for a key under the post."""
    seen: dict[str, str] = {}
    for span in spans:
        group, label = kind_group(str(span.get("kind") or "match"))
        seen.setdefault(group, label)
    return sorted(seen.items())
