"""Decide which school(s) a text is about, in one pass, for thousands of schools.

How a text is compared with the configuration
---------------------------------------------
Both sides are *folded* the same way: lower-cased (``casefold``), accents
removed (``é`` -> ``e``), apostrophes deleted (so "St Stephen's" and
"St Stephens" are the same) and split into words at anything that is not a
letter or digit. Commas, brackets, quotes and similar punctuation end a name
("Mr Cooper, school governor" is not "Cooper School"); full stops and hyphens
do not ("St. Stephen's", "Beech-Hill"). Names are then compared as whole-word sequences, so "Cooper
School" never matches inside "Hooper Schoolhouse". ``St`` and ``Saint`` are
treated as the same word, and a possessive ``'s`` on a name's last word is
allowed ("Glory Farm Primary's head").

Which names need confirming ("ambiguous" names)
-----------------------------------------------
A name counts on its own when it is specific. It only counts when one of the
school's ``context`` words or phrases (town, postcode, area) appears within
:data:`CONTEXT_WINDOW` words of it when:

* it is an **alias** whose distinctive part is a single word once generic school
  words (school, primary, academy, the, St, church of England...) are set aside:
  "Cooper School", "St Stephen's Academy", "Bratton school". One word plus
  "school" is shared by many schools, churches, roads and surnames; or
* it is an **alias** that names a place plus only "school", "academy" or
  "college", without a word saying which kind of school (primary, infant,
  junior, CE, catholic...): "Beech Hill school" could be any school in any
  place called Beech Hill, while "Beech Hill Primary" names one; or
* the same name (alias *or* full name) belongs to **more than one school** in the
  configuration (every "St Mary's Primary" in a county).

The school's full official name counts on its own unless another school shares
it. A school with no context words configured has nothing to confirm with, so
its ambiguous aliases count on their own.

``exclude`` phrases ("Beech Hill Road", "Cooper School of Art") never count: a
name that overlaps one of the school's exclude phrases is dropped.

How it scales
-------------
Every name, context and exclude phrase of every school goes into one word trie.
A text is folded with ``str.translate`` and split with one regular expression
(both in C), a set intersection skips texts that contain no first word of any
phrase, and the trie walk visits each word once. Character offsets in the
*original* text are only computed for texts that produced a match. See
``benchmarks/matching.py`` for measured speed against a per-alias regex loop.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from schoolwatch.config import School
from schoolwatch.domain import SchoolMatch

# How near (in words, either side) a context word must be to confirm a name.
CONTEXT_WINDOW = 50

# Words that say what *kind* of school: "Beech Hill Primary" names one school,
# while "Beech Hill school" could be any school in any place called Beech Hill.
SCHOOL_TYPE_WORDS = frozenset({
    "primary", "infant", "infants", "junior", "juniors", "nursery", "secondary", "grammar",
    "ce", "cofe", "rc", "catholic", "methodist", "community", "prep", "preparatory",
})

# Words that say "this is a school" but not *which* school.
GENERIC_WORDS = frozenset({
    "the", "a", "of", "and", "at", "in", "school", "schools", "primary", "academy",
    "academies", "community", "infant", "infants", "junior", "juniors", "nursery",
    "college", "high", "secondary", "grammar", "free", "church", "england", "ce", "c", "e",
    "cofe", "voluntary", "aided", "controlled", "va", "vc", "rc", "roman", "catholic",
    "methodist", "st", "saint", "sts", "saints", "federation", "trust", "upper", "lower",
    "middle", "first", "prep", "preparatory", "studio", "technical", "utc", "all", "through",
    "sixth", "form", "centre", "center", "learning", "campus", "foundation", "village",
    "county", "cp", "cps", "pupil", "referral", "unit",
})

_APOSTROPHES = "'\u2019\u2018\u02bc\u0060\u00b4\u2032"
# Punctuation that ends a name: "Mr Cooper, school governor" is not "Cooper School".
# It becomes the word "_", which no name contains (full stops do not: "St. Stephen's").
_BREAKS = ',;:!?()[]{}|"/\u201c\u201d\u00ab\u00bb'
_BREAK_WORD = " _ "
_TOKEN = re.compile(r"\S+")
_END = ""  # key marking the end of a phrase in a trie node; never a word
_SYNONYMS = {"st": "saint", "saint": "st"}
_SYNONYM_WORDS = frozenset(_SYNONYMS)


class _FoldTable(dict[int, str | None]):
    """``str.translate`` table, filled on first use of each character.

    Letters and digits fold to lower-case without accents, apostrophes vanish,
    name-ending punctuation becomes the word "_" and everything else a space,
    so ``str.split`` (fast, in C) then yields the words.
    """

    def __missing__(self, codepoint: int) -> str | None:
        char = chr(codepoint)
        value: str | None
        if char in _APOSTROPHES:
            value = None
        elif char in _BREAKS:
            value = _BREAK_WORD
        elif char.isalnum() or char == "_":
            decomposed = unicodedata.normalize("NFKD", char.casefold())
            value = "".join(c for c in decomposed if not unicodedata.combining(c))
        elif unicodedata.combining(char):
            value = None      # a loose accent: "e" + U+0301 is still one word
        else:
            value = " "       # every other character separates words
        self[codepoint] = value
        return value


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, accent-free, apostrophe-free form of ``text`` (offsets NOT preserved)."""
    return text.translate(_FOLD)


def words(text: str) -> list[str]:
    """The folded words of ``text``: what names are compared on."""
    return text.translate(_FOLD).split()


def words_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """Folded words of ``text`` with their start/end offsets in the original text.

    Builds the folded text character by character so it is, by construction,
    identical to ``fold(text)``; each folded character remembers its source.
    """
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = char.translate(_FOLD)
        if folded:
            pieces.append(folded)
            origin.extend([index] * len(folded))
    folded_text = "".join(pieces)
    return [(m.group(), origin[m.start()], origin[m.end() - 1] + 1)
            for m in _TOKEN.finditer(folded_text)]


class _Name(NamedTuple):
    """One name of one school as it sits in the trie."""

    school: int           # index into SchoolMatcher.schools
    label: str            # the name exactly as configured
    needs_context: bool


def _variants(phrase: tuple[str, ...]) -> set[tuple[str, ...]]:
    """``phrase``, its St/Saint spellings and its possessive ("Glory Farm Primary's")."""
    found = {phrase}
    if not _SYNONYM_WORDS.isdisjoint(phrase):
        for position, word in enumerate(phrase):
            if word not in _SYNONYMS:
                continue
            for existing in list(found):
                swapped = list(existing)
                swapped[position] = _SYNONYMS[word]
                found.add(tuple(swapped))
    if len(phrase) == 1 and not phrase[0].endswith("s"):
        # Apostrophes are deleted, so "Luton's" folds to "lutons". (For longer
        # phrases the trie walk tries the last word without its "s" instead.)
        found.update((existing[0] + "s",) for existing in list(found))
    return found


class SchoolMatcher:
    """Find the configured schools a text talks about.

    >>> matcher = SchoolMatcher(config.schools)
    >>> matcher.match("Parents at Beech Hill Primary are furious")
    [SchoolMatch(school_id='beech-hill', alias='Beech Hill Primary', start=11, end=29)]
    """

    def __init__(self, schools: Sequence[School], context_window: int = CONTEXT_WINDOW) -> None:
        self.schools: tuple[School, ...] = tuple(schools)
        self.context_window = context_window
        self._root: dict[str, dict] = {}
        self._names: dict[tuple[str, ...], list[_Name]] = defaultdict(list)
        self._context: list[list[tuple[str, ...]]] = []
        self._exclude: list[list[tuple[str, ...]]] = []
        self._build()
        self._first_words = frozenset(self._root)

    # -- building --------------------------------------------------------
    def _add(self, phrase: tuple[str, ...]) -> None:
        node = self._root
        for word in phrase:
            node = node.setdefault(word, {})
        node[_END] = phrase

    def _phrases(self, texts: Iterable[str]) -> list[tuple[str, ...]]:
        phrases: list[tuple[str, ...]] = []
        for text in texts:
            base = tuple(words(text))
            if base:
                phrases.extend(sorted(_variants(base)))
        return phrases

    def _build(self) -> None:
        owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
        pending: list[tuple[int, str, tuple[str, ...], bool]] = []
        for index, school in enumerate(self.schools):
            for label in school.all_names:
                base = tuple(words(label))
                if not base:
                    continue
                owners[base].add(index)
                pending.append((index, label, base, label == school.name))
            self._context.append(self._phrases(school.context))
            self._exclude.append(self._phrases(school.exclude))
        seen: set[tuple[int, tuple[str, ...]]] = set()
        for index, label, base, is_full_name in pending:
            shared = len(owners[base]) > 1
            distinctive = [w for w in base if w not in GENERIC_WORDS]
            names_a_type = any(w in SCHOOL_TYPE_WORDS for w in base)
            needs_context = (shared or not distinctive or (not is_full_name and (
                len(distinctive) <= 1 or not names_a_type)))
            if not self._context[index]:
                needs_context = False  # nothing configured to confirm it with
            for phrase in _variants(base):
                if (index, phrase) in seen:
                    continue  # the same words configured twice (name and alias)
                seen.add((index, phrase))
                self._names[phrase].append(_Name(index, label, needs_context))
                self._add(phrase)
        for phrases in (*self._context, *self._exclude):
            for phrase in phrases:
                self._add(phrase)

    # -- matching --------------------------------------------------------
    def match(self, text: str, setting: str = "") -> list[SchoolMatch]:
        """Schools ``text`` is about: one entry per occurrence, in text order.

        ``alias`` is the name as configured; ``start``/``end`` are character
        offsets into ``text`` itself (``text[start:end]`` is what was written).
        ``setting`` says where the text was published (a subreddit, a local
        news site's name): its context words confirm an ambiguous name
        anywhere in the text, as "Bratton Primary" posted in r/wiltshire is
        the Wiltshire school.
        """
        if not text:
            return []
        tokens = text.translate(_FOLD).split()
        present = self._first_words.intersection(tokens)
        if not present:
            return []
        hits = self._walk(tokens, present)
        if not hits:
            return []
        return self._resolve(text, hits, self._setting_phrases(setting))

    def _setting_phrases(self, setting: str) -> frozenset[tuple[str, ...]]:
        """Configured phrases that occur in the place of publication."""
        if not setting:
            return frozenset()
        tokens = setting.translate(_FOLD).split()
        present = self._first_words.intersection(tokens)
        if not present:
            return frozenset()
        return frozenset(phrase for phrase, _, _ in self._walk(tokens, present))

    def _walk(self, tokens: list[str],
              present: set[str]) -> list[tuple[tuple[str, ...], int, int]]:
        """Every configured phrase in ``tokens`` as (phrase, first word, last word + 1).

        Only positions holding a word that starts some phrase are visited, and
        they are found with ``list.index`` (C) rather than a Python loop.
        """
        hits: list[tuple[tuple[str, ...], int, int]] = []
        root = self._root
        count = len(tokens)
        for word in present:
            first_node = root[word]
            start = -1
            for _ in range(tokens.count(word)):
                start = tokens.index(word, start + 1)
                node = first_node
                end = start + 1
                while True:
                    phrase = node.get(_END)
                    if phrase is not None:
                        hits.append((phrase, start, end))
                    if end >= count:
                        break
                    following = tokens[end]
                    child = node.get(following)
                    if child is None:
                        if following[-1] == "s":  # a possessive: "Glory Farm Primary's"
                            child = node.get(following[:-1])
                            if child is not None and _END in child:
                                hits.append((child[_END], start, end + 1))
                        break
                    node = child
                    end += 1
        return hits

    def _resolve(self, text: str, hits: list[tuple[tuple[str, ...], int, int]],
                 setting: frozenset[tuple[str, ...]] = frozenset()) -> list[SchoolMatch]:
        candidates = [(name, start, end) for phrase, start, end in hits
                      for name in self._names.get(phrase, ())]
        if not candidates:
            return []
        where: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
        for phrase, start, end in hits:
            where[phrase].append((start, end))

        kept: list[tuple[_Name, int, int]] = []
        for name, start, end in candidates:
            if self._excluded(name.school, start, end, where):
                continue
            if name.needs_context and not (
                    self._confirmed(name.school, start, end, where)
                    or any(phrase in setting for phrase in self._context[name.school])):
                continue
            kept.append((name, start, end))
        # A shorter name inside a longer one of the same school is the same mention.
        kept.sort(key=lambda c: (c[1], -(c[2] - c[1])))
        accepted: list[tuple[_Name, int, int]] = []
        for name, start, end in kept:
            if any(other.school == name.school and o_start <= start and end <= o_end
                   for other, o_start, o_end in accepted):
                continue
            accepted.append((name, start, end))
        if not accepted:
            return []
        offsets = words_with_offsets(text)
        return [
            SchoolMatch(school_id=self.schools[name.school].id, alias=name.label,
                        start=offsets[start][1], end=offsets[end - 1][2])
            for name, start, end in accepted
        ]

    def _excluded(self, school: int, start: int, end: int,
                  where: dict[tuple[str, ...], list[tuple[int, int]]]) -> bool:
        for phrase in self._exclude[school]:
            for e_start, e_end in where.get(phrase, ()):
                if e_start < end and start < e_end:
                    return True
        return False

    def _confirmed(self, school: int, start: int, end: int,
                   where: dict[tuple[str, ...], list[tuple[int, int]]]) -> bool:
        low, high = start - self.context_window, end + self.context_window
        for phrase in self._context[school]:
            for c_start, c_end in where.get(phrase, ()):
                inside_name = start <= c_start and c_end <= end
                if not inside_name and c_end > low and c_start < high:
                    return True
        return False
