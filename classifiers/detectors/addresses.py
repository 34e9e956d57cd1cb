"""Home addresses: a house number and street, a street and full postcode, "lives on
X Road", and full postcodes on their own.

Kinds ``address`` and ``postcode``. A street name alone ("Beech Hill Road is
shut") and a postcode district alone ("SG1", "DL3") are places, not addresses.
"""

from __future__ import annotations

import re

from classifiers.detectors.common import STREET_SUFFIXES, make_span
from classifiers.detectors.context import TextContext
from schoolwatch.domain import Span

ADDRESS = "address"
POSTCODE = "postcode"
HOUSE_AND_STREET = "house number and street"
STREET_AND_POSTCODE = "street and postcode"
LIVES_ON = "where someone lives"
FULL_POSTCODE = "full postcode"

POSTCODE_PATTERN = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}"
_POSTCODE = re.compile(rf"(?<![A-Za-z0-9]){POSTCODE_PATTERN}(?![A-Za-z0-9])")
_DISTRICT = r"[A-Z]{1,2}\d[A-Z\d]?"
_SUFFIX = "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True))
_CAP = r"[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?"
_STREET = rf"(?:The\s+)?{_CAP}(?:\s+{_CAP}){{0,2}}\s+(?i:{_SUFFIX})\b"
_HOUSE = r"(?:(?i:flat|apartment|apt)\s+\d{1,4}[A-Za-z]?,?\s+)?\d{1,3}[A-Za-z]?"
# An optional ", Town" and postcode (or district) after the street.
_TAIL = rf"(?:,\s*{_CAP}(?:\s+{_CAP})?)?(?:,?\s+(?:{POSTCODE_PATTERN}|{_DISTRICT}))?(?![A-Za-z0-9])"
# Numbers that come after these words are not house numbers ("Year 6 Pelham Wood Road").
_NOT_HOUSE_BEFORE = re.compile(r"(?i:\b(?:year|yr|y|room|class|page|bus|route|platform|aged?|"
                               r"number|no|ticket|gate|stand)\s*)$")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "14 Larkspur Close, Luton LU4 9XQ", "7 Ladywell Mews SE13"
    (HOUSE_AND_STREET, re.compile(rf"(?<![\w£$.,/:-]){_HOUSE}\s+{_STREET}{_TAIL}")),
    # "2 The Paddocks, Edington BA13 4QR", "58 Lakeside, Swindon SN3 1QH"
    (STREET_AND_POSTCODE, re.compile(
        rf"(?<![\w£$.,/:-]){_HOUSE}\s+(?:The\s+)?{_CAP}(?:\s+{_CAP}){{0,2}},?\s+"
        rf"(?:{_CAP},?\s+)?{POSTCODE_PATTERN}(?![A-Za-z0-9])")),
    # "lives on Cleveland Terrace, number 41", "Runfold Avenue ... the corner house"
    (LIVES_ON, re.compile(
        rf"(?i:\b(?:lives?|living|lived|moved)\s+(?:on|in|at)\s+){_STREET}"
        rf"(?:,?\s+(?i:number|no\.?)\s+\d{{1,4}}[A-Za-z]?)?")),
    (HOUSE_AND_STREET, re.compile(rf"{_STREET},?\s+(?i:number|no\.?)\s+\d{{1,4}}[A-Za-z]?\b")),
)


def detect_addresses(ctx: TextContext) -> list[Span]:
    """Addresses and full postcodes, as written."""
    text = ctx.text
    if not ctx.has_digit and "liv" not in text and "moved" not in text:
        return []
    spans: list[Span] = []
    covered: list[tuple[int, int]] = []
    for how, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if how != LIVES_ON and _NOT_HOUSE_BEFORE.search(text, max(0, start - 12), start):
                continue
            while end > start and text[end - 1] in " ,.":
                end -= 1
            spans.append(make_span(text, ADDRESS, start, end, "A home address", how))
            covered.append((start, end))
    for match in _POSTCODE.finditer(text):
        if any(s <= match.start() < e for s, e in covered):
            continue
        spans.append(make_span(text, POSTCODE, match.start(), match.end(), "A full postcode",
                               FULL_POSTCODE))
    return spans
