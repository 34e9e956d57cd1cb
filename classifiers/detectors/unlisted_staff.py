"""Honorific + surname for people not on any roster ("Miss Jenkins the supply teacher").

Kind ``staff_unlisted``. In posts about a school, "Mr/Mrs/Miss/Ms/Dr Surname" is
nearly always a member of staff; the exceptions are famous characters and brands
(Mr Bean, Dr Martens) and couples ("Mr and Mrs Smith").
"""

from __future__ import annotations

from classifiers.detectors.common import COMMON_WORDS, HONORIFICS, adjacent, make_span, word_set
from classifiers.detectors.context import TextContext
from schoolwatch.domain import Span

KIND = "staff_unlisted"
HONORIFIC_SURNAME = "honorific and surname"
HONORIFIC_INITIAL = "honorific and initial"

# "Mr/Dr X" that are characters, brands or shows, not staff.
NOT_STAFF = word_set("""
men man bean tumble motivator blobby whippy sheen muscle freeze potato darcy hinch
doubtfire trunchbull who pepper seuss oetker martens marten foster brightside right
universe world nobody perfect bump tickle happy grumpy christmas santa claus fixit fix-it
kipling pink incredible incredibles robot nice big fantastic magoo ranj tickles messy
strong greedy bossy sunshine chatterbox marvel hyde jekyll frankenstein strange
president prime speaker chairman chairwoman justice america england britain wales scotland
ireland europe
""")
_COUPLE = frozenset({"and", "&"})
_MAX_GAP = 3


def detect_unlisted_staff(ctx: TextContext) -> list[Span]:
    """Honorific + capitalised name (or initial) anywhere in the text."""
    text, tokens = ctx.text, ctx.tokens
    spans: list[Span] = []
    for i, token in enumerate(tokens[:-1]):
        if token.lower not in HONORIFICS or token.possessive or ctx.is_masked(token):
            continue
        name = tokens[i + 1]
        gap = text[token.end:name.start]
        if not (0 < len(gap) <= _MAX_GAP and gap.strip(" .\u00a0") == ""):
            continue
        if not name.capitalised or name.lower in NOT_STAFF or name.lower in HONORIFICS:
            continue
        if i > 0 and tokens[i - 1].lower in {"little", "dear"} and tokens[i - 1].capitalised:
            continue  # "Little Miss Sunshine"
        if i > 1 and tokens[i - 1].lower in _COUPLE and tokens[i - 2].lower in HONORIFICS:
            continue  # "Mr and Mrs Smith" are parents, not staff
        if (i + 2 < len(tokens) and tokens[i + 1].possessive and tokens[i + 2].lower == "boys"
                and adjacent(text, tokens[i + 1], tokens[i + 2])):
            continue  # "Mrs Brown's Boys"
        if len(name.base) == 1:
            if not name.base.isupper():
                continue
            spans.append(make_span(text, KIND, token.start, name.base_end,
                                   "A member of staff not on the roster", HONORIFIC_INITIAL))
            continue
        if name.lower in COMMON_WORDS:
            continue
        spans.append(make_span(text, KIND, token.start, name.base_end,
                               f"{text[token.start:name.base_end]}: not on the school's roster",
                               HONORIFIC_SURNAME))
    return spans
