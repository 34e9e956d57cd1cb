"""Children named in a post: "my son Alfie", "Kai Robson in 10F", "Ruby, 9,",
"a girl called Priya", "Amelia's mum".

Kind ``pupil``. A capitalised name only counts as a child's with context that
says so; staff on the roster and anyone with an honorific are never pupils.
"""

from __future__ import annotations

import re

from classifiers.detectors.common import (
    EVERYDAY_WORDS,
    FUNCTION_WORDS,
    HONORIFICS,
    TITLE_WORDS,
    make_span,
)
from classifiers.detectors.context import TextContext
from classifiers.detectors.roster import name_key
from schoolwatch.domain import Span

KIND = "pupil"
RELATION = "named with a family or friendship word"
CLASS = "named with a year group or class"
AGE = "named with a child's age"
CALLED = "a child called by name"
PARENT = "named as someone's child"
PRAISE = "named in a congratulation"
DESCRIBED = "named and described as a child"
OWN_CHILD = "named as 'my' or 'our' someone"

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}][{_LOWER}]+)?"
NAME = rf"(?P<name>{_WORD}(?:[ ]{_WORD})?)"
def _alternatives(words: str) -> str:
    """A regex alternation of whitespace-separated words."""
    return "(?:" + "|".join(words.split()) + ")"


_ADJ = (r"(?:" + _alternatives("little eldest youngest oldest middle baby beautiful gorgeous "
                               "lovely clever brave amazing darling cheeky step grand god twin")
        + r"\s*)")
_CHILD = (_alternatives("son daughter boy girl lad lass one child kid stepson stepdaughter "
                        "grandson granddaughter nephew niece twins baby bairn pupil student "
                        "classmate") + "s?")
_FRIEND = r"(?:\s+(?:best\s+)?(?:friend|mate|pal|classmate|bestie|buddy)s?)"
_AFTER_NAME_VERBS = _alternatives(
    "is was has got came loves says said made did won passed started starts just who turned "
    "had goes went can can't won't asked told keeps wants")
_PARENTS = _alternatives("mum mam mom mummy dad daddy mother father parents nan nana nanna "
                         "grandma grandad stepdad stepmum family")
_CHILDISH = _alternatives("bully brat toerag scrote child kid boy girl lad lass pupil")
_CLASS_REF = (r"(?:(?i:year|yr|y)\s?\d{1,2}\b|(?i:reception|nursery)\b|\d{1,2}[A-Z]{1,2}\b"
              r"|(?i:class|form)\s+\d?[A-Z]\w*)")
_NOT_A_PUPIL_AFTER = r"(?!\s*(?i:teacher|team|tutor|lead|leader|ta|teaching|staff)\b)"
_AGE = r"(?:1[0-7]|[2-9])\b"
_NOT_AN_AGE_AFTER = r"(?!\s*(?:years?\s+(?:ago|at|in|on)|%|:|\.\d|£|p\b|am\b|pm\b))"
_AGE_END = r"(?=\s*(?:[,)!.]|(?i:today|years?\s*old|yo|y/o)\b))"
_PRAISE = (r"(?i:\b(?:happy\s+(?:\d+(?:st|nd|rd|th)\s+)?birthday(?:\s+to)?|well\s+done\s+to"
           r"|congrat(?:ulation)?s\s+to|shout\s*-?\s*out\s+to))")

_RELATION_WORDS = ("son", "daughter", "boy", "girl", "lad", "lass", "one", "child", "kid",
                   "nephew", "niece", "twins", "baby", "bairn", "pupil", "student", "classmate",
                   "friend", "mate", "pal", "bestie", "buddy")
_CHILD_WORDS = ("bully", "brat", "toerag", "scrote", "child", "kid", "boy", "girl", "lad",
                "lass", "pupil", "student")
# (evidence, pattern, words one of which must be in the lower-cased text for the
# pattern to be worth running)
_PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    # "my son Alfie", "my daughter's best friend Scarlett"
    (RELATION, re.compile(rf"(?i:\b(?:my|our|her|his|their|your|this)\s+{_ADJ}*{_CHILD}"
                          rf"(?:['’]s{_FRIEND})?),?\s+{NAME}"), _RELATION_WORDS),
    # "Tegan's best friend Demi", "Mrs Whitlow's nephew Tommy"
    (RELATION, re.compile(rf"\b{_WORD}['’]s\s+(?i:{_ADJ}*{_CHILD}|(?:best\s+)?friend|mate),?"
                          rf"\s+{NAME}"), _RELATION_WORDS),
    # "his friend Leo"
    (RELATION, re.compile(rf"(?i:\b(?:his|her|their)\s+(?:best\s+)?(?:friend|mate|pal|classmate"
                          rf"|bestie)),?\s+{NAME}"), ("friend", "mate", "pal", "bestie")),
    # "mum to Oakley"
    (RELATION, re.compile(rf"(?i:\b(?:mum|mam|mom|mummy|dad|daddy|mother|father|parent)\s+"
                          rf"(?:to|of))\s+{NAME}"), (" to ", " of ")),
    # "our Evie (Year 4)", "my Esme got to..."
    (OWN_CHILD, re.compile(rf"(?i:\b(?:my|our)\s+{_ADJ}?){NAME}"
                          rf"(?=[ ]?[,!.(]|\s+(?i:{_AFTER_NAME_VERBS})\b)"), ("my ", "our ")),
    # "a girl called Priya"
    (CALLED, re.compile(rf"(?i:\b(?:boy|girl|lad|lass|kid|child|pupil|student|friend)s?\s+"
                        rf"(?:called|named))\s+{NAME}"), ("called", "named")),
    # "A Year 5 boy at Pelham Wood, Kian, told my son..."
    (CALLED, re.compile(rf"(?i:\b(?:boy|girl|lad|lass|kid|child|pupil|student))\b"
                        rf"[^.!?\n]{{0,40}}?,\s*{NAME}\s*,"), _CHILD_WORDS),
    # "little Sami from Riverside South"
    (CALLED, re.compile(rf"(?i:\blittle)\s+{NAME}"
                        rf"(?=\s+(?i:from|at|in|said|says|told|has|is|was)\b|['’]s|,)"),
     ("little",)),
    # a name tape or a folder: "Name inside: Amara Okonkwo"
    (CALLED, re.compile(rf"(?i:\bname(?:\s+inside|\s*tape(?:\s+says)?)?\s*:?)\s*[\"“']?{NAME}"),
     ("name",)),
    # "Charlie Fuller is a nasty little bully"
    (DESCRIBED, re.compile(rf"{NAME}\s+(?:is|was)\s+(?:a|the)\s+(?:[a-z\-]+\s+){{0,3}}"
                           rf"{_CHILDISH}\b"), _CHILD_WORDS),
    # "Kai Robson in 10F", "Dexter (Year 7)", "Arlo from Kestrel Brook Reception"
    (CLASS, re.compile(rf"{NAME}(?:\s*,\s*|\s+|\s*\(\s*)(?:(?i:in|from|of|at)\s+)?"
                       rf"(?:(?:[{_UPPER}][\w'’]*|the)\s+){{0,4}}{_CLASS_REF}{_NOT_A_PUPIL_AFTER}"),
     ("y", "reception", "nursery", "class", "form", "0", "1", "2", "3", "4", "5", "6", "7", "8",
      "9")),
    # "Ruby, 9,", "Lyla! 8 today", "Reece Lowther, 12,"
    (AGE, re.compile(rf"{NAME}(?:\s*[,!]\s*(?i:aged?\s*)?|\s*\(\s*){_AGE}{_NOT_AN_AGE_AFTER}"
                     rf"{_AGE_END}"), ("1", "2", "3", "4", "5", "6", "7", "8", "9")),
    # "Amelia's mum", "Logan Hocking's parents"
    (PARENT, re.compile(rf"{NAME}['’]s\s+(?i:{_PARENTS})\b"),
     ("mum", "mam", "mom", "dad", "mother", "father", "parents", "nan", "grand", "step",
      "family")),
    # "Happy birthday Lyla", "Congratulations to Freya Dunn"
    (PRAISE, re.compile(rf"{_PRAISE}\s+(?:(?i:our|my|little)\s+)?{NAME}"),
     ("birthday", "well done", "congrat", "shout")),
)
# One search per pattern for its words, rather than a Python loop over them.
_NEEDLES = tuple(re.compile("|".join(re.escape(n) for n in needles))
                 for _, _, needles in _PATTERNS)
_STRONG = {RELATION, CALLED}
_CHILD_CONTEXT = re.compile(
    r"(?i)\b(?:school|class|year|yr|teacher|son|daughter|kids?|child(?:ren)?|nursery|reception"
    r"|pupils?|birthday|boy|girl|lad|lass|little one|twins|baby|toddler|primary|academy"
    r"|infants|juniors|assembly|nativity|sats|homework|playground|teachers?)\b")
_AND_NAME = re.compile(rf"{NAME}\s+(?:and|&)\s+$")


def _trim(name: str, start: int) -> tuple[str, int]:
    """Drop a word that is really an ordinary one: "Oscar Got", "Can Bella"."""
    parts = name.split(" ")
    if len(parts) == 2:
        if parts[1].lower() in EVERYDAY_WORDS or parts[1].lower() in HONORIFICS:
            return parts[0], start
        if parts[0].lower() in EVERYDAY_WORDS:
            return parts[1], start + len(parts[0]) + 1
    return name, start


def _acceptable(ctx: TextContext, name: str, start: int, how: str) -> bool:
    first = name.split(" ")[0].lower()
    if first in HONORIFICS or first in TITLE_WORDS or first in FUNCTION_WORDS:
        return False
    if how not in _STRONG and first in EVERYDAY_WORDS:
        return False
    if first in {"year", "yr", "reception", "nursery", "class", "mum", "dad", "god", "the", "i"}:
        return False
    if how == OWN_CHILD and _CHILD_CONTEXT.search(ctx.text) is None:
        return False  # "our Country", "my Oncologist": no sign the post is about a child
    surnames, full = ctx.index.by_surname, ctx.index.full_name_keys
    key = name_key(name)
    if key in full or (" " in name and name_key(name.split(" ")[1]) in surnames):
        return False
    if name_key(name.split(" ")[0]) in surnames:
        return False
    preceding = ctx.text[max(0, start - 6):start].lower()
    if re.search(r"\b(?:mr|mrs|miss|ms|mx|dr)\.?\s*$", preceding):
        return False
    end = start + len(name)
    return not any(s < end and start < e for s, e, _ in ctx.school_mentions)


def detect_pupils(ctx: TextContext) -> list[Span]:
    """Every child's name with the context that marks it as a child's."""
    text = ctx.text
    spans: list[Span] = []
    lowered = text.lower()
    for (how, pattern, _), needles in zip(_PATTERNS, _NEEDLES, strict=True):
        if needles.search(lowered) is None:
            continue
        for match in pattern.finditer(text):
            name, start = _trim(match.group("name"), match.start("name"))
            if ctx.masked and any(s < start + len(name) and start < e for s, e in ctx.masked):
                continue
            if not _acceptable(ctx, name, start, how):
                continue
            spans.append(make_span(text, KIND, start, start + len(name), "A child named", how))
            before = _AND_NAME.search(text, max(0, start - 40), start)
            if before is not None:  # "Finn and Rosie", "Noah and Zainab from Year 4"
                other, other_start = _trim(before.group("name"), before.start("name"))
                if _acceptable(ctx, other, other_start, how):
                    spans.append(make_span(text, KIND, other_start, other_start + len(other),
                                           "A child named", how))
            after = re.match(rf"\s+(?:and|&)\s+{NAME}", text[start + len(name):])
            if after is not None and how == RELATION:
                other, other_start = _trim(after.group("name"),
                                           start + len(name) + after.start("name"))
                if _acceptable(ctx, other, other_start, how):
                    spans.append(make_span(text, KIND, other_start, other_start + len(other),
                                           "A child named", how))
    return spans
