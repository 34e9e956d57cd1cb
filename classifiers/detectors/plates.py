"""UK vehicle number plates.

Kind ``plate``. The current format (two letters, two digits, three letters:
"WK68 TXP") is distinctive enough alone; older prefix and suffix formats and
partial plates ("the plate started FN63") need a word like "reg" or "plate"
just before them.
"""

from __future__ import annotations

import re

from classifiers.detectors.common import make_span
from classifiers.detectors.context import TextContext
from schoolwatch.domain import Span

KIND = "plate"
CURRENT = "number plate"
OLDER = "older-style number plate"
PARTIAL = "part of a number plate"

# Two letters (no I, Q, Z), two digits, three letters (no I, Q).
_CURRENT = re.compile(
    r"(?<![A-Za-z0-9])[A-HJ-PR-Y]{2}\d{2}\s?[A-HJ-PR-Z]{3}(?![A-Za-z0-9])")
_CUE = r"(?i:\b(?:reg(?:istration)?|plate|number\s+plate|numberplate|vrm)\b)"
_CURRENT_LOWER = re.compile(
    rf"{_CUE}[^.\n]{{0,20}}?(?<![A-Za-z0-9])(?P<plate>[a-z]{{2}}\d{{2}}\s?[a-z]{{3}})(?![A-Za-z0-9])")
_OLDER = re.compile(
    rf"{_CUE}[^.\n]{{0,25}}?(?<![A-Za-z0-9])(?P<plate>[A-Z]\d{{1,3}}\s?[A-Z]{{3}}|[A-Z]{{3}}\s?\d{{1,3}}[A-Z])(?![A-Za-z0-9])")
_PARTIAL = re.compile(
    rf"{_CUE}[^.\n]{{0,30}}?(?<![A-Za-z0-9])(?P<plate>[A-Z]{{2}}\d{{2}})(?![A-Za-z0-9])")


def detect_plates(ctx: TextContext) -> list[Span]:
    """Every number plate, as written."""
    text = ctx.text
    if not ctx.has_digit:
        return []
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for match in _CURRENT.finditer(text):
        spans.append(make_span(text, KIND, match.start(), match.end(), "A number plate", CURRENT))
        taken.append(match.span())
    for pattern, how in ((_CURRENT_LOWER, CURRENT), (_OLDER, OLDER), (_PARTIAL, PARTIAL)):
        for match in pattern.finditer(text):
            start, end = match.span("plate")
            if any(s < end and start < e for s, e in taken):
                continue
            spans.append(make_span(text, KIND, start, end, "A number plate", how))
            taken.append((start, end))
    return spans
