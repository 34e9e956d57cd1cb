"""Shared pieces of the rule detectors: tokens, word lists and span bookkeeping.

Detectors work on the original text and report exact character offsets, so
nothing here rewrites the text: tokens carry their offsets, and "masked" ranges
(emails, web addresses) are skipped rather than removed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from schoolwatch.domain import Span

# A word: letters, with inner apostrophes or hyphens (O'Rourke, Rhys-Corbett,
# Lily-Mae) and an optional possessive ending (Hollis's, Hollis').
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*['’]?", re.UNICODE)
# Bounded and anchored after a non-address character, so hostile text ("aaaa...@")
# cannot make the search quadratic.
URL_OR_EMAIL = re.compile(
    r"(?<![\w/.])(?:https?://|www\.)\S{1,2000}"
    r"|(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,255}", re.IGNORECASE)
SENTENCE_BREAK = frozenset(".!?\n:;\"“”()[]•*>-–—|")

HONORIFICS = frozenset({"mr", "mrs", "miss", "ms", "mx", "dr", "mme", "madame", "mister",
                        "missus", "mz"})
# Titles that work like an honorific in front of a surname on the roster.
TITLE_WORDS = frozenset({"principal", "headteacher", "headmaster", "headmistress", "head",
                         "coach", "deputy", "sir"})

def word_set(words: str) -> frozenset[str]:
    """A set of whitespace-separated words (keeps long word lists readable)."""
    return frozenset(words.split())


# Names that are also everyday English words: alone, they need more evidence.
NAME_WORDS = word_set("""
will mark grace hope may june april rose bill pat sue joy dawn faith amber ruby holly ivy
jack frank rich bob don art gene chase hunter penny sandy summer autumn honey river sky
storm star angel ray drew rob guy max miles lance grant carol heather hazel iris daisy lily
poppy jasmine violet olive pearl crystal melody harmony sunny brook glen dale wade reed
wood woods marsh example bright verity young king hill park lane hall bell moss banks bird
cross day fox frost gill glass hart heath house hunt lamb lord mann mills page pool price
rush salt sharp snow stone swan wall ward webb wells wild wise best case church field ford
green black white brown gray grey long little small north south west east marshall knight
bishop dean baker cook smith miller walker turner carter cooper fisher taylor mason noble
earl duke prince major constable sterling victor
""")

# Frequent words that start sentences or headings: never a child's or teacher's name.
COMMON_WORDS = word_set("""
a about above after again against all also am an and another any anyone anything are as
at away back be because been before being below between both but by can could did do does
doing done down during each either else even ever every everyone everything few first for
from further get gets getting go going good got had has have having he her here hers herself
him himself his how however i if in into is it its itself just last least less let like
made make many me more most much must my myself never new next no nobody none nor not
nothing now of off often oh ok okay on once one only or other our ours out over own please
quite rather really same say says said see she should since so some someone something
still such than thank thanks that the their them themselves then there these they this
those though through thus to today tomorrow too under until up upon us very was we well
were what when where whether which while who whom whose why will with within without would
yes yet you your yours yourself yourselves anyway honestly sorry hi hello dear update edit
psa fyi imo tbh lol omg wow yeah yep nope aww welcome congratulations congrats happy proud
well done shout huge big massive lovely great brilliant amazing awful terrible seriously
literally genuinely apparently reminder found lost selling wanted looking anybody
monday tuesday wednesday thursday friday saturday sunday january february march june july
august september october november december christmas easter halloween eid diwali
year years yr reception nursery class form school primary academy high infants infant
junior juniors college sixth mum mums mam mom dad dads mummy daddy nan nana nanna grandma
grandad granddad grandpa granny auntie aunt uncle god jesus allah english maths science
history geography art music drama pe re pshe rse sats gcse gcses ofsted dfe sen send
senco ehcp camhs police council nhs tesco asda aldi lidl amazon facebook instagram tiktok
snapchat whatsapp youtube reddit google twitter roblox fortnite xbox playstation netflix
teacher teachers head headteacher staff office pupil pupils kids kid child children boy
boys girl girls lad lads son daughter baby twins friend friends mate mates sir miss mr mrs
ms dr team club trip fair assembly nativity panto
""")

# Words that are never names, even right after "my son" (COMMON_WORDS minus "Will" & co).
FUNCTION_WORDS = COMMON_WORDS - NAME_WORDS


def _load_everyday_words() -> frozenset[str]:
    path = Path(__file__).resolve().parent / "everyday_words.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# COMMON_WORDS plus words people mostly write in lower case (see build_word_list.py):
# capitalised, they are sentence starts far more often than names.
EVERYDAY_WORDS = COMMON_WORDS | _load_everyday_words() | frozenset({"detention", "detentions"})

# First names people shorten: a roster's "Patricia" is also "Pat" or "Trish".
NICKNAMES: dict[str, tuple[str, ...]] = {
    "thomas": ("tom", "tommy"), "william": ("will", "bill", "billy", "liam"),
    "robert": ("rob", "bob", "bobby", "robbie"), "richard": ("rich", "rick", "dick"),
    "daniel": ("dan", "danny"), "samuel": ("sam", "sammy"), "benjamin": ("ben", "benny"),
    "patricia": ("pat", "trish", "tricia"), "susan": ("sue", "susie", "suzy"),
    "wesley": ("wes", "wez"), "jonathan": ("jon", "jonny"), "joanne": ("jo", "joanna"),
    "deborah": ("deb", "debbie", "debs"), "rebecca": ("becky", "becca", "bex"),
    "elizabeth": ("liz", "lizzie", "beth", "betty"), "katherine": ("kate", "kath", "katie"),
    "catherine": ("cath", "cathy", "kate"), "michael": ("mike", "mick", "mikey"),
    "christopher": ("chris",), "christine": ("chris", "chrissie"), "anthony": ("tony", "ant"),
    "alexander": ("alex",), "alexandra": ("alex", "lexi"), "nicholas": ("nick", "nicky"),
    "nicola": ("nicky", "nic"), "matthew": ("matt",), "andrew": ("andy", "drew"),
    "edward": ("ed", "eddie", "ted"), "jennifer": ("jen", "jenny"), "margaret": ("maggie",
    "peggy", "meg"), "victoria": ("vicky", "tori"), "stephen": ("steve",), "steven": ("steve",),
    "gareth": ("gaz",), "gemma": ("gem",), "graham": ("gray",), "kieran": ("kie",),
    "dominic": ("dom",), "lorraine": ("lor",), "alison": ("ali",), "helen": ("hel",),
    "sophie": ("soph",), "rachel": ("rach",), "hannah": ("han",), "imogen": ("immy",),
    "jamal": ("jam",), "farah": (), "gregory": ("greg",), "timothy": ("tim",),
    "josephine": ("jo", "josie"), "caroline": ("caz", "carol"), "lewis": ("lew",),
    "priya": (), "colin": ("col",), "martin": ("marty",), "owen": (), "amy": (),
}

# Street words: a surname or school name followed by one is a place, not a person.
STREET_SUFFIXES = word_set("""
road rd street st lane ln avenue ave close cl drive dr way crescent cres gardens gdns grove
place pl terrace tce court ct mews rise walk row square sq green parade view hill park
wharf yard circus broadway boulevard estate
""")
PLACE_AFTER_NAME = STREET_SUFFIXES | word_set("""
motors garage ltd limited plc council borough village castle forest station hospital
church chapel farm house hall centre center shops surgery academy school primary college
university stores store arms inn hotel
""")


_KEY_TABLE = str.maketrans("", "", " -'’")


class Token:
    """A word in the text: ``start``/``end`` cover the word as written, ``base_end``
    stops before a possessive ``'s`` or ``'``; ``key`` is the base as names are
    looked up (lower case, no hyphens or apostrophes)."""

    __slots__ = ("base", "base_end", "capitalised", "end", "key", "lower", "possessive",
                 "start", "text")

    def __init__(self, start: int, end: int, base_end: int, text: str, base: str) -> None:
        self.start = start
        self.end = end
        self.base_end = base_end
        self.text = text
        self.base = base
        self.lower = base.lower()
        self.key = self.lower.translate(_KEY_TABLE)
        self.possessive = base_end != end
        self.capitalised = base[:1].isupper()

    def __repr__(self) -> str:
        return f"Token({self.text!r}@{self.start})"


def tokenize(text: str) -> list[Token]:
    """Every word in ``text`` with its offsets."""
    tokens: list[Token] = []
    append = tokens.append
    for match in WORD.finditer(text):
        word = match.group(0)
        start, end = match.span()
        if word[-1] in "'’":
            base = word[:-1]
        elif len(word) > 2 and word[-1] in "sS" and word[-2] in "'’":
            base = word[:-2]
        else:
            base = word
        append(Token(start, end, start + len(base), word, base))
    return tokens


def masked_ranges(text: str) -> list[tuple[int, int]]:
    """Emails and web addresses: names inside them are not people being named."""
    return [m.span() for m in URL_OR_EMAIL.finditer(text)]


def inside(ranges: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of the ranges."""
    return any(s < end and start < e for s, e in ranges)


def is_sentence_start(text: str, offset: int) -> bool:
    """Whether the word at ``offset`` opens a sentence, line or quotation."""
    i = offset - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in SENTENCE_BREAK or not (text[i].isalnum() or text[i] in ",'’&")


def adjacent(text: str, left: Token, right: Token, allowed: str = " \u00a0") -> bool:
    """Whether only a single gap of ``allowed`` characters separates two tokens."""
    gap = text[left.end:right.start]
    return 0 < len(gap) <= 2 and all(ch in allowed for ch in gap)


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance <= 1 (one insertion, deletion, substitution or swap)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def deletions(word: str) -> set[str]:
    """The word and every string one deletion away (the symmetric-delete index)."""
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def describe(description: str, how: str) -> str:
    """A span's detail: readable text with the kind of evidence in brackets."""
    return f"{description} [{how}]"


def evidence_of(detail: str) -> str:
    """The bracketed evidence at the end of a detail ('' when there is none)."""
    if detail.endswith("]") and "[" in detail:
        return detail[detail.rindex("[") + 1:-1]
    return ""


def make_span(text: str, kind: str, start: int, end: int, description: str, how: str) -> Span:
    """A :class:`Span` whose ``text`` is exactly ``text[start:end]``."""
    return Span(kind=kind, start=start, end=end, text=text[start:end],
                detail=describe(description, how))


def resolve_overlaps(spans: Iterable[Span], priority: dict[str, int]) -> list[Span]:
    """Keep the best span where spans overlap (lower ``priority`` value wins, then longer),
    and return the survivors in text order."""
    ranked = sorted(spans, key=lambda s: (priority.get(s.kind, 99), -(s.end - s.start), s.start))
    starts: list[int] = []  # kept spans never overlap, so they are ordered by start and end
    kept: list[Span] = []
    for span in ranked:
        at = bisect.bisect_left(starts, span.start)
        if at > 0 and kept[at - 1].end > span.start:
            continue
        if at < len(kept) and kept[at].start < span.end:
            continue
        starts.insert(at, span.start)
        kept.insert(at, span)
    return kept
