"""Which configured schools a text is about, for ``schoolwatch classify``.

Uses the connectors room's ``SchoolMatcher`` (aliases, context words,
exclusions, St/Saint spellings). Where it is not installed, a minimal
case-insensitive whole-word search for each school's name and aliases keeps
the command working.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from schoolwatch.config import School


class _AliasSearch:
    """Fallback matcher: whole-word, case-insensitive names and aliases, minus exclusions."""

    def __init__(self, schools: Sequence[School]) -> None:
        self.patterns = [
            (school,
             re.compile(r"\b(?:" + "|".join(re.escape(n) for n in school.all_names) + r")\b",
                        re.IGNORECASE),
             [re.compile(r"\b" + re.escape(e) + r"\b", re.IGNORECASE) for e in school.exclude])
            for school in schools if school.all_names
        ]

    def match(self, text: str) -> list[School]:
        found: list[School] = []
        for school, names, excludes in self.patterns:
            hits = [m.span() for m in names.finditer(text)]
            excluded = [m.span() for e in excludes for m in e.finditer(text)]
            real = [h for h in hits if not any(s <= h[0] < e for s, e in excluded)]
            if real:
                found.append(school)
        return found


class SchoolFinder:
    """``match(text) -> list[School]`` in configuration order, each school once."""

    def __init__(self, schools: Sequence[School]) -> None:
        self.schools = {school.id: school for school in schools}
        try:
            from connectors.matching import SchoolMatcher
        except ImportError:
            self._matcher = None
            self._fallback = _AliasSearch(schools)
        else:
            self._matcher = SchoolMatcher(schools)
            self._fallback = None

    @property
    def uses_fallback(self) -> bool:
        return self._matcher is None

    def match(self, text: str) -> list[School]:
        if self._matcher is None:
            assert self._fallback is not None
            return self._fallback.match(text)
        ids = dict.fromkeys(m.school_id for m in self._matcher.match(text))
        return [self.schools[school_id] for school_id in ids if school_id in self.schools]
