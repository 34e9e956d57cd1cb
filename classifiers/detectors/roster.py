"""Staff rosters and school names compiled once into lookup tables.

Building the tables costs far more than using them, so :func:`roster_index`
caches one index per distinct set of schools: classifying thousands of posts
against the same configuration compiles each roster once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from classifiers.detectors.common import (
    COMMON_WORDS,
    NICKNAMES,
    STREET_SUFFIXES,
    WORD,
    Token,
    deletions,
    edit_distance_at_most_one,
    word_set,
)
from schoolwatch.config import School

MIN_FUZZY_LENGTH = 5
MAX_NAME_LENGTH = 30  # longer "words" are not names (and would make fuzzy lookups slow)
# Words that describe a school rather than name it ("Ravensholt High School" -> "Ravensholt").
_GENERIC_SCHOOL_WORDS = word_set("""
the school primary academy high community infant infants junior juniors nursery and
cofe c of e church college secondary grammar free upper lower middle church-of-england
""")


_KEY_TABLE = str.maketrans("", "", " \t\n-'’")


def name_key(name: str) -> str:
    """A name as looked up: lower case, without spaces, hyphens or apostrophes."""
    return name.lower().translate(_KEY_TABLE)


@dataclass(frozen=True)
class StaffEntry:
    """One member of staff on one school's roster."""

    name: str
    role: str
    school_id: str
    school_name: str
    first_key: str
    surname_key: str

    @property
    def description(self) -> str:
        role = f", {self.role}" if self.role else ""
        return f"{self.name}{role} at {self.school_name}"


@dataclass
class RosterIndex:
    """Lookup tables for a set of schools' staff and names."""

    staff: tuple[StaffEntry, ...]
    by_surname: dict[str, list[StaffEntry]] = field(default_factory=dict)
    by_first: dict[str, list[StaffEntry]] = field(default_factory=dict)
    surname_deletions: dict[str, set[str]] = field(default_factory=dict)
    first_deletions: dict[str, set[str]] = field(default_factory=dict)
    school_pattern: re.Pattern[str] | None = None
    school_ids_by_name: dict[str, set[str]] = field(default_factory=dict)
    exclude_pattern: re.Pattern[str] | None = None
    school_first_words: frozenset[str] = frozenset()
    # Every word key worth a closer look by the staff detector.
    interesting: frozenset[str] = frozenset()
    # For the pupil detector: surnames and "firstsurname" keys of staff.
    full_name_keys: frozenset[str] = frozenset()
    listed_contacts: frozenset[str] = frozenset()
    school_count: int = 0

    def fuzzy_surnames(self, word: str) -> list[str]:
        """Roster surname keys one edit from ``word`` (for names of 5+ letters)."""
        return _fuzzy(word, self.surname_deletions)

    def fuzzy_firsts(self, word: str) -> list[str]:
        """Roster first-name keys one edit from ``word``."""
        return _fuzzy(word, self.first_deletions)

    def school_mentions(self, text: str, tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
        """(start, end, school id) of each school name in ``text``, street names and
        exclusions aside. Only words that can start a school's name are tried."""
        pattern = self.school_pattern
        if pattern is None:
            return []
        mentions: list[tuple[int, int, str]] = []
        position = -1
        for token in tokens:
            if token.key not in self.school_first_words or token.start < position:
                continue
            match = pattern.match(text, token.start)
            if match is None:
                continue
            position = match.end()
            if self._excluded(text, match.start(), match.end()):
                continue
            for school_id in self.school_ids_by_name.get(name_key(match.group(0)), ()):
                mentions.append((match.start(), match.end(), school_id))
        return mentions


    def _excluded(self, text: str, start: int, end: int) -> bool:
        """Whether an exclusion ("Beech Hill Road") covers the mention at ``start``."""
        if self.exclude_pattern is None:
            return False
        window_start = max(0, start - _EXCLUDE_LOOKBACK)
        return any(m.start() <= start < m.end()
                   for m in self.exclude_pattern.finditer(text, window_start,
                                                          end + _EXCLUDE_LOOKAHEAD))


_EXCLUDE_LOOKBACK = 40
_EXCLUDE_LOOKAHEAD = 40


def _fuzzy(word: str, table: dict[str, set[str]]) -> list[str]:
    if not MIN_FUZZY_LENGTH - 1 <= len(word) <= MAX_NAME_LENGTH:
        return []
    candidates: set[str] = set()
    for variant in deletions(word):
        candidates |= table.get(variant, set())
    return sorted(c for c in candidates if edit_distance_at_most_one(word, c))


def _school_names(school: School) -> set[str]:
    """The school's name, aliases and the distinctive core of each ("Beech Hill")."""
    names = set(school.all_names)
    for name in list(names):
        words = [w for w in re.split(r"\s+", name) if w]
        core = [w for w in words if w.lower().strip("'’s") not in _GENERIC_SCHOOL_WORDS
                and w.lower() not in _GENERIC_SCHOOL_WORDS]
        if core and len(core) < len(words):
            candidate = " ".join(core)
            if len(core) > 1 or (candidate.lower() not in COMMON_WORDS and len(candidate) > 3):
                names.add(candidate)
    # "The Cooper School" is found as "Cooper School": "the" starts too many words to try.
    names = {n[4:] if n.lower().startswith("the ") else n for n in names}
    variants = set(names)
    for name in names:  # St Aldric's / St Aldrics / Saint Aldric's
        variants.add(name.replace("'", "").replace("’", ""))
        if name.startswith("St "):
            variants.add("Saint " + name[3:])
    return {v for v in variants if v.strip()}


def build_index(schools: Sequence[School]) -> RosterIndex:
    """Compile the lookup tables for ``schools``."""
    staff: list[StaffEntry] = []
    for school in schools:
        for member in school.staff:
            parts = member.name.split()
            if not parts:
                continue
            first, surname = (parts[0], " ".join(parts[1:])) if len(parts) > 1 else ("", parts[0])
            staff.append(StaffEntry(member.name, member.role, school.id, school.name,
                                    name_key(first), name_key(surname)))
    index = RosterIndex(staff=tuple(staff), school_count=len(schools))
    for entry in staff:
        index.by_surname.setdefault(entry.surname_key, []).append(entry)
        if entry.first_key:
            for variant in (entry.first_key, *NICKNAMES.get(entry.first_key, ())):
                index.by_first.setdefault(variant, []).append(entry)
    for key in index.by_surname:
        if len(key) >= MIN_FUZZY_LENGTH:
            for variant in deletions(key):
                index.surname_deletions.setdefault(variant, set()).add(key)
    for entry in staff:
        if len(entry.first_key) >= MIN_FUZZY_LENGTH:
            for variant in deletions(entry.first_key):
                index.first_deletions.setdefault(variant, set()).add(entry.first_key)
    names: dict[str, set[str]] = {}
    excludes: list[str] = []
    street_words = r"\s+(?:" + "|".join(sorted(STREET_SUFFIXES)) + r")\b"
    for school in schools:
        for name in _school_names(school):
            names.setdefault(name_key(name), set()).add(school.id)
            excludes.append(re.escape(name) + street_words)
        excludes.extend(re.escape(phrase) for phrase in school.exclude)
    index.school_ids_by_name = names
    index.school_first_words = frozenset(
        name_key(WORD.match(n).group(0)) for school in schools for n in _school_names(school)
        if WORD.match(n))
    index.interesting = frozenset(
        {*index.by_first, *index.by_surname, *(k + "s" for k in index.by_surname)})
    index.full_name_keys = frozenset(e.first_key + e.surname_key for e in staff)
    index.listed_contacts = frozenset(
        address.lower() for school in schools
        for address in (school.contacts.headteacher, school.contacts.dsl, school.contacts.office)
        if address)
    written = sorted({n for school in schools for n in _school_names(school)}, key=len,
                     reverse=True)
    if written:
        flexible = [re.escape(n).replace(r"\ ", r"\s+").replace("'", "['’]?")
                    for n in written]
        index.school_pattern = re.compile(r"(?:" + "|".join(flexible) + r")(?!\w)",
                                          re.IGNORECASE)
    if excludes:
        index.exclude_pattern = re.compile(r"(?<!\w)(?:" + "|".join(excludes) + r")",
                                           re.IGNORECASE)
    return index


# School objects hold dicts and are not hashable, so the cache is keyed on their
# identities; each entry keeps its schools alive so an id cannot be reused while cached.
_CACHE: dict[tuple[int, ...], tuple[tuple[School, ...], RosterIndex]] = {}
_CACHE_SIZE = 64


def roster_index(schools: Sequence[School] | None) -> RosterIndex:
    """The (cached) index for these schools; an empty index for ``None``."""
    chosen = tuple(schools or ())
    key = tuple(map(id, chosen))
    cached = _CACHE.get(key)
    if cached is not None and all(a is b for a, b in zip(cached[0], chosen, strict=True)):
        return cached[1]
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    index = build_index(chosen)
    _CACHE[key] = (chosen, index)
    return index
