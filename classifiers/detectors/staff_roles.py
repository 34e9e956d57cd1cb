"""A one-person role tied to a named school: "the head of Beech Hill", "Marlowe
Fields' head of drama", "the St Aldric's DSL".

Kind ``staff_role``. Such a phrase identifies one person as clearly as a name.
A bare "the head" is not matched: it is how parents talk about a school.
"""

from __future__ import annotations

import re

from classifiers.detectors.common import make_span
from classifiers.detectors.context import TextContext
from schoolwatch.domain import Span

KIND = "staff_role"
ROLE_AT_SCHOOL = "role at a named school"

ROLE = (r"(?:(?:new|old|former|current|acting|interim|executive)\s+)*"
        r"(?:head\s*teacher|headmaster|headmistress|head\s+of\s+school"
        r"|head\s+of\s+year\s*\d{1,2}|head\s+of\s+(?!the\b|a\b|year\b)[a-z]+"
        r"|vice[\s-]+principal|principal|deputy\s+head(?:\s*teacher)?|deputy"
        r"|designated\s+safeguarding\s+lead|safeguarding\s+lead|dsl|send?co"
        r"|site\s+manager|caretaker|(?:school\s+)?business\s+manager|office\s+manager"
        r"|chair\s+of\s+governors|head(?!\s*(?:lice|office|count|start|line|phones?|teachers)\b))")


# "Marlowe Fields' head of drama", "the St Aldric's head", "Glory Farm DSL"
_AFTER_SCHOOL = re.compile(rf"(?:['’]s?)?\s+{ROLE}(?!\w)", re.IGNORECASE)
# "the head of Beech Hill", "the DSL at the Cooper School"
_BEFORE_SCHOOL = re.compile(rf"(?<!\w)the\s+{ROLE}\s+(?:at|of|from|for)\s+(?:the\s+)?$",
                            re.IGNORECASE)
_LOOKBACK = 80


def detect_staff_roles(ctx: TextContext) -> list[Span]:
    """Role phrases tied to a mention of one of the roster's schools."""
    text = ctx.text
    spans: list[Span] = []
    for start, end, _school_id in ctx.school_mentions:
        after = _AFTER_SCHOOL.match(text, end)
        if after is not None:
            spans.append(make_span(text, KIND, start, after.end(),
                                   "A member of staff identified by role", ROLE_AT_SCHOOL))
        before = _BEFORE_SCHOOL.search(text, max(0, start - _LOOKBACK), start)
        if before is not None:
            spans.append(make_span(text, KIND, before.start(), end,
                                   "A member of staff identified by role", ROLE_AT_SCHOOL))
    return spans
