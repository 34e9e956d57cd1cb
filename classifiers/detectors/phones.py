"""UK phone numbers: mobiles and landlines, +44 or 0, spaces, dashes and brackets.

Kind ``phone`` for a person's number; ``school_contact`` when the words just
before it say it is an office, helpline or switchboard. Digit runs of the wrong
length, and numbers introduced as an order, reference or ticket, are not phones.
"""

from __future__ import annotations

import re

from classifiers.detectors.common import make_span
from classifiers.detectors.context import TextContext
from schoolwatch.domain import Span

KIND = "phone"
CONTACT_KIND = "school_contact"
MOBILE = "UK mobile number"
LANDLINE = "UK landline number"
OFFICE = "organisation's phone number"

CANDIDATE = re.compile(
    r"(?<![\w+/.\-])(?:\+\s?44\s?(?:\(0\)\s?)?|\(0|0)\d[\d\s\-()]{7,15}\d(?![\w/\-]|\.\d)")
_NOT_PHONE_BEFORE = re.compile(
    r"(?i:order|ref(?:erence)?|invoice|tracking|ticket|account|acc|urn|case|crime|"
    r"policy|serial|isbn|id|no\.?|number\s+is\s+order|receipt|booking|raffle|"
    r"transaction|card)\s*(?:no\.?|number|#|:)?\s*[:#]?\s*$")
_ORGANISATION_BEFORE = re.compile(
    r"(?i:\b(?:office|reception|switchboard|admissions|helpline|childline|samaritans|"
    r"school(?:'s)?\s+(?:phone|number|line)|main\s+line|surgery|council|nhs|111))\b[^.\n]{0,30}$")
_PERSONAL_BEFORE = re.compile(
    r"(?i:\b(?:me|my|mine|his|her|their|personal|mobile|mob|home|whatsapp|text|ring\s+me))\b"
    r"[^.\n]{0,25}$")


def _digits(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("440"):
        digits = digits[2:]
    elif digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


def classify_number(digits: str) -> str | None:
    """'mobile', 'landline' or None for a normalised UK number."""
    if len(digits) == 11 and digits.startswith("07"):
        return "mobile"
    if digits.startswith(("01", "02")) and len(digits) in (10, 11):
        return "landline"
    if digits.startswith("03") and len(digits) == 11:
        return "landline"
    return None


def detect_phones(ctx: TextContext) -> list[Span]:
    """Every UK phone number, as written."""
    text = ctx.text
    if not ctx.has_digit:
        return []
    spans: list[Span] = []
    for match in CANDIDATE.finditer(text):
        raw = match.group(0)
        if raw.count("(") != raw.count(")") and not raw.startswith("(0"):
            continue
        start, end = match.start(), match.end()
        if raw.startswith("(0") and ")" not in raw:
            continue
        kind_of_number = classify_number(_digits(raw))
        if kind_of_number is None:
            continue
        before = text[max(0, start - 40):start]
        if _NOT_PHONE_BEFORE.search(before):
            continue
        how = MOBILE if kind_of_number == "mobile" else LANDLINE
        if _ORGANISATION_BEFORE.search(before) and not _PERSONAL_BEFORE.search(before):
            spans.append(make_span(text, CONTACT_KIND, start, end, "A phone number", OFFICE))
            continue
        spans.append(make_span(text, KIND, start, end, "A phone number", how))
    return spans
