"""Pupil names from a school's roster, held only as keyed hashes.

The config file may list ``pupils = [...]`` for a school. Those names are
turned into HMAC hashes with the install's secret key; only the hashes are
stored (``warehouse.pupils``) and compared. To check a post, every run of one
to four words in it is normalised and hashed the same way, and a hash that is
on the roster marks the words as a pupil's name. The plain names are never
written to the warehouse or to logs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from schoolwatch.domain import Span
from schoolwatch.privacy.keys import keyed_hash

_PURPOSE = "pupil-name"
MAX_NAME_WORDS = 4
# A word: letters, allowing inner apostrophes and hyphens (O'Neill, Smith-Jones).
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


@dataclass(frozen=True)
class RosterHash:
    """One roster entry as stored: the keyed hash and how many words the name has."""

    name_hash: str
    token_count: int


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(unicodedata.normalize("NFKC", text)))


def normalise_name(name: str) -> str:
    """Case-folded words separated by single spaces; curly apostrophes made straight."""
    return " ".join(m.group(0).replace("’", "'").casefold() for m in _words(name))


def hash_name(name: str, key: bytes) -> RosterHash | None:
    """The roster hash of a name, or None when it has no letters or too many words."""
    normalised = normalise_name(name)
    count = len(normalised.split())
    if not normalised or count > MAX_NAME_WORDS:
        return None
    return RosterHash(keyed_hash(key, _PURPOSE, normalised), count)


def hash_roster(names: Iterable[str], key: bytes) -> list[RosterHash]:
    """Hashes of a roster, without repeats."""
    seen: dict[str, RosterHash] = {}
    for name in names:
        hashed = hash_name(name, key)
        if hashed is not None:
            seen.setdefault(hashed.name_hash, hashed)
    return list(seen.values())


class PupilMatcher:
    """Finds roster names in text by hashing runs of words, never holding the names."""

    def __init__(self, roster: Iterable[RosterHash], key: bytes) -> None:
        entries = list(roster)
        self._hashes = {entry.name_hash for entry in entries}
        self._lengths = sorted({entry.token_count for entry in entries}, reverse=True)
        self._key = key

    def __bool__(self) -> bool:
        return bool(self._hashes)

    def find(self, text: str) -> list[Span]:
        """Spans of ``text`` that are a rostered pupil's name (longest first, no overlaps).

        The span carries offsets only; its ``text`` is left empty so the name is
        not copied anywhere new. Offsets refer to the NFKC-normalised text,
        which equals the input for ordinary text.
        """
        if not self._hashes:
            return []
        words = _words(text)
        spans: list[Span] = []
        taken_until = -1
        for index in range(len(words)):
            if words[index].start() < taken_until:
                continue
            for length in self._lengths:
                window = words[index:index + length]
                if len(window) < length:
                    continue
                normalised = " ".join(w.group(0).replace("’", "'").casefold() for w in window)
                if keyed_hash(self._key, _PURPOSE, normalised) in self._hashes:
                    start, end = window[0].start(), window[-1].end()
                    spans.append(Span(kind="pupil_name", start=start, end=end, text="",
                                      detail="name on the school's pupil roster"))
                    taken_until = end
                    break
        return spans
