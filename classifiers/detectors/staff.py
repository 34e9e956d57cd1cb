"""Staff on the school's roster: full names, honorific + surname, first names in
context, possessives and names misspelt by one letter.

Kind ``staff``. The evidence (in the span's detail) says how the name was found,
because a full name is near-certain while a first name alone is only likely.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from classifiers.detectors.common import (
    COMMON_WORDS,
    EVERYDAY_WORDS,
    HONORIFICS,
    NAME_WORDS,
    PLACE_AFTER_NAME,
    TITLE_WORDS,
    Token,
    adjacent,
    is_sentence_start,
    make_span,
    word_set,
)
from classifiers.detectors.context import TextContext
from classifiers.detectors.roster import MIN_FUZZY_LENGTH, StaffEntry, name_key
from schoolwatch.domain import Span

KIND = "staff"
FULL_NAME = "full name"
FULL_NAME_MISSPELT = "full name, misspelt"
HONORIFIC_SURNAME = "honorific and surname"
HONORIFIC_SURNAME_MISSPELT = "honorific and misspelt surname"
HONORIFIC_FIRST = "honorific and first name"
HONORIFIC_INITIAL = "honorific and initial"
SURNAME = "surname"
SURNAME_MISSPELT = "misspelt surname"
FIRST_NAME = "first name with school context"

# Words near a first name that show it belongs to a member of staff.
ROLE_CUES = word_set("""
teacher teachers head headteacher deputy ta assistant dsl senco sendco caretaker manager
coach principal lunch dinner office receptionist supervisor safeguarding pastoral tutor
staff sir miss class's
""")
# Words before a name that make it a child's name instead.
CHILD_CUES = word_set("""
son daughter boy girl lad lass kid child friend mate classmate nephew niece grandson
granddaughter twins baby little called named our
""")
# Verbs that follow a person's name at the start of a sentence ("Will said...").
PERSON_VERBS = word_set("""
is was has had said says told rang called emailed replied helped gave made ran sent
sorted did does will would can could won't can't isn't wasn't came went took got needs
should deserves
""")
_LOCATIVE = frozenset({"in", "near", "via", "towards", "toward", "outside"})
_MAX_GAP = 3


@dataclass(frozen=True)
class _Hit:
    entries: tuple[StaffEntry, ...]
    last: int  # index of the last token used
    misspelt: bool


def _gap_ok(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end:right.start]
    return 0 < len(gap) <= _MAX_GAP and gap.strip(" .\u00a0") == ""


def _surname_at(ctx: TextContext, j: int, allow_fuzzy: bool,
                only: Sequence[StaffEntry] | None = None) -> _Hit | None:
    """Roster staff whose surname starts at token ``j`` (joined, exact, plural or misspelt)."""
    tokens, index = ctx.tokens, ctx.index
    if j >= len(tokens) or ctx.is_masked(tokens[j]):
        return None
    token = tokens[j]

    def pick(key: str) -> tuple[StaffEntry, ...]:
        entries = index.by_surname.get(key, [])
        if only is not None:
            entries = [e for e in entries if e in only]
        return tuple(entries)

    # "Pen rose", "Rhys Corbett": a surname split in two words.
    if j + 1 < len(tokens) and not token.possessive and adjacent(ctx.text, token, tokens[j + 1]):
        joined = pick(name_key(token.base + tokens[j + 1].base))
        if joined:
            return _Hit(joined, j + 1, False)
    key = token.key
    exact = pick(key)
    if exact:
        return _Hit(exact, j, False)
    if key.endswith("s") and not token.possessive:  # "Polglases", "Lanyons"
        plural = pick(key[:-1])
        if plural:
            return _Hit(plural, j, False)
    if allow_fuzzy and len(key) >= MIN_FUZZY_LENGTH - 1 and key not in COMMON_WORDS:
        fuzzy = tuple(e for k in index.fuzzy_surnames(key) for e in pick(k))
        if fuzzy:
            return _Hit(fuzzy, j, True)
    return None


def _first_entries(ctx: TextContext, token: Token, allow_fuzzy: bool
                   ) -> tuple[tuple[StaffEntry, ...], bool]:
    key = token.key
    exact = ctx.index.by_first.get(key)
    if exact:
        return tuple(exact), False
    if allow_fuzzy and len(key) >= MIN_FUZZY_LENGTH and key not in COMMON_WORDS:
        return tuple(e for k in ctx.index.fuzzy_firsts(key)
                     for e in ctx.index.by_first.get(k, [])), True
    return (), False


def _in_context(ctx: TextContext, entries: Sequence[StaffEntry]) -> tuple[StaffEntry, ...]:
    """Entries whose school the text names (all of them when only one school is watched)."""
    if ctx.index.school_count == 1:
        return tuple(entries)
    return tuple(e for e in entries if e.school_id in ctx.schools_mentioned)


def _describe(entries: Sequence[StaffEntry]) -> str:
    seen: dict[str, None] = {}
    for entry in entries:
        seen.setdefault(entry.description, None)
    descriptions = list(seen)
    text = "; ".join(descriptions[:3])
    return text + (f" (+{len(descriptions) - 3} more)" if len(descriptions) > 3 else "")


def _is_honorific(token: Token, with_titles: bool) -> bool:
    if token.possessive:
        return False
    if token.lower in HONORIFICS:
        return True
    return with_titles and token.capitalised and token.lower in TITLE_WORDS


def _after_honorific(ctx: TextContext, i: int) -> tuple[Span, int] | None:
    """A roster name right after the honorific at token ``i``."""
    tokens, text = ctx.tokens, ctx.text
    honorific, j = tokens[i], i + 1
    if j >= len(tokens) or not _gap_ok(text, honorific, tokens[j]):
        return None
    title_only = honorific.lower not in HONORIFICS
    nxt = tokens[j]
    # Honorific + first name + surname ("Mrs Amy Penrose").
    firsts, _ = _first_entries(ctx, nxt, allow_fuzzy=False)
    if firsts and j + 1 < len(tokens) and adjacent(text, nxt, tokens[j + 1]):
        hit = _surname_at(ctx, j + 1, allow_fuzzy=True, only=firsts)
        if hit:
            how = FULL_NAME_MISSPELT if hit.misspelt else FULL_NAME
            end = tokens[hit.last].base_end
            return make_span(text, KIND, honorific.start, end, _describe(hit.entries), how), \
                hit.last
    hit = _surname_at(ctx, j, allow_fuzzy=not title_only)
    if hit and (nxt.capitalised or not title_only):
        how = HONORIFIC_SURNAME_MISSPELT if hit.misspelt else HONORIFIC_SURNAME
        end = tokens[hit.last].base_end
        return make_span(text, KIND, honorific.start, end, _describe(hit.entries), how), hit.last
    if title_only:
        return None
    if firsts and nxt.capitalised:
        chosen = _in_context(ctx, firsts)
        if chosen:
            return make_span(text, KIND, honorific.start, nxt.base_end, _describe(chosen),
                             HONORIFIC_FIRST), j
    if len(nxt.base) == 1 and nxt.base.isupper():
        pool = _in_context(ctx, ctx.index.staff)
        letter = nxt.base.lower()
        chosen = tuple(e for e in pool if e.surname_key.startswith(letter))
        if chosen:
            return make_span(text, KIND, honorific.start, nxt.base_end, _describe(chosen),
                             HONORIFIC_INITIAL), j
    return None


def _full_name(ctx: TextContext, i: int) -> tuple[Span, int] | None:
    tokens, text = ctx.tokens, ctx.text
    token = tokens[i]
    if i + 1 >= len(tokens) or token.possessive or not adjacent(text, token, tokens[i + 1]):
        return None
    firsts, first_fuzzy = _first_entries(ctx, token, allow_fuzzy=True)
    if not firsts:
        return None
    hit = _surname_at(ctx, i + 1, allow_fuzzy=not first_fuzzy, only=firsts)
    if hit is None:
        return None
    how = FULL_NAME_MISSPELT if (hit.misspelt or first_fuzzy) else FULL_NAME
    return make_span(text, KIND, token.start, tokens[hit.last].base_end, _describe(hit.entries),
                     how), hit.last


_BUSINESS_AFTER = re.compile(r"\s*(?:&|and)\s+Sons?\b")


def _followed_by_place(ctx: TextContext, i: int, last: int) -> bool:
    """"Marsh Road", "Bexley Council", "Polglase & Son": a place or a business."""
    tokens = ctx.tokens
    if tokens[last].possessive or last + 1 >= len(tokens):
        return False
    if _BUSINESS_AFTER.match(ctx.text, tokens[last].end):
        return True
    nxt = tokens[last + 1]
    return adjacent(ctx.text, tokens[last], nxt) and nxt.lower in PLACE_AFTER_NAME


def _preceded_by_other_name(ctx: TextContext, i: int) -> bool:
    """"Olu Adeyemi": a capitalised word right before the surname that is not a title."""
    if i == 0:
        return False
    prev, token = ctx.tokens[i - 1], ctx.tokens[i]
    return (adjacent(ctx.text, prev, token) and prev.capitalised and not prev.possessive
            and prev.lower not in COMMON_WORDS and prev.lower not in HONORIFICS
            and prev.lower not in TITLE_WORDS and not is_sentence_start(ctx.text, prev.start))


def _surname_alone(ctx: TextContext, i: int) -> tuple[Span, int] | None:
    tokens, text = ctx.tokens, ctx.text
    token = tokens[i]
    key = token.key
    long_enough_for_fuzzy = len(key) >= 8 and token.capitalised
    hit = _surname_at(ctx, i, allow_fuzzy=long_enough_for_fuzzy)
    if hit is None or _preceded_by_other_name(ctx, i) or _followed_by_place(ctx, i, hit.last):
        return None
    if not token.capitalised and (len(key) < 6 or hit.misspelt):
        return None
    if i > 0 and tokens[i - 1].lower in _LOCATIVE and not tokens[hit.last].possessive:
        return None
    if hit.misspelt and is_sentence_start(text, token.start):
        return None
    entries = hit.entries
    if any(name_key(e.surname_key) in NAME_WORDS or e.surname_key in COMMON_WORDS
           for e in entries):
        # "Marsh", "Example", "Verity": ordinary words unless the school is named too.
        entries = tuple(e for e in entries if e.school_id in ctx.schools_mentioned)
        if not entries or not token.capitalised or is_sentence_start(text, token.start):
            return None
    how = SURNAME_MISSPELT if hit.misspelt else SURNAME
    return make_span(text, KIND, token.start, tokens[hit.last].base_end, _describe(entries),
                     how), hit.last


def _role_cue_near(ctx: TextContext, i: int) -> bool:
    tokens = ctx.tokens
    window = tokens[max(0, i - 2):i] + tokens[i + 1:i + 5]
    return any(t.lower in ROLE_CUES for t in window)


def _first_name_alone(ctx: TextContext, i: int) -> tuple[Span, int] | None:
    tokens, text = ctx.tokens, ctx.text
    token = tokens[i]
    if not token.capitalised:
        return None
    firsts, _ = _first_entries(ctx, token, allow_fuzzy=False)
    if not firsts:
        return None
    if i > 0 and (tokens[i - 1].lower in CHILD_CUES or tokens[i - 1].lower in {"the", "a", "an"}):
        return None
    if i + 1 < len(tokens):
        nxt = tokens[i + 1]
        if (not token.possessive and adjacent(text, token, nxt) and nxt.capitalised
                and nxt.lower not in COMMON_WORDS):
            return None  # another person's full name ("Tom Smith")
    ordinary_word = token.lower in NAME_WORDS or token.lower in EVERYDAY_WORDS
    if ordinary_word and is_sentence_start(text, token.start) and not token.possessive:
        nxt_word = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if nxt_word not in PERSON_VERBS:
            return None  # "Mark my words", "Will you...", "Grace periods"
    chosen = _in_context(ctx, firsts)
    if not chosen and _role_cue_near(ctx, i):
        chosen = firsts if len({e.name for e in firsts}) == 1 else ()
    if not chosen:
        return None
    return make_span(text, KIND, token.start, token.base_end, _describe(chosen), FIRST_NAME), i


def detect_staff(ctx: TextContext) -> list[Span]:
    """Every roster staff name in the text."""
    if not ctx.index.staff:
        return []
    spans: list[Span] = []
    tokens = ctx.tokens
    index = ctx.index
    interesting = index.interesting
    i = 0
    while i < len(tokens):
        token = tokens[i]
        key = token.key
        # Fast path: most words are neither titles nor anything like a roster name.
        if not (key in interesting or key in HONORIFICS or key in TITLE_WORDS
                or (token.capitalised and len(key) >= MIN_FUZZY_LENGTH
                    and (len(key) >= 8 or (i + 1 < len(tokens)
                                           and tokens[i + 1].key in index.by_surname)))):
            i += 1
            continue
        if ctx.is_masked(token):
            i += 1
            continue
        found = None
        if _is_honorific(token, with_titles=True):
            found = _after_honorific(ctx, i)
        if found is None:
            found = _full_name(ctx, i)
        if found is None and not (i > 0 and _is_honorific(tokens[i - 1], with_titles=False)):
            found = _surname_alone(ctx, i) or _first_name_alone(ctx, i)
        if found is None:
            i += 1
            continue
        span, last = found
        spans.append(span)
        i = last + 1
    return spans
