"""Pseudonyms for author handles: the same handle always gives the same pseudonym
under one install's key, and nobody without the key can turn it back.

Staff can still see that two posts came from the same account (same
pseudonym), and a subject access request for a handle finds its pseudonymised
posts by computing the pseudonym again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from schoolwatch.privacy.keys import keyed_hash

PSEUDONYM_PREFIX = "anon-"
PSEUDONYM_PATTERN = re.compile(r"^anon-[0-9a-f]{16}$")
_PURPOSE = "author-pseudonym"


def normalise_handle(handle: str) -> str:
    """One spelling per account: no 'u/' or '@' prefix, case folded, trimmed."""
    value = handle.strip()
    for prefix in ("/u/", "u/", "/user/", "user/", "@"):
        if value.lower().startswith(prefix):
            value = value[len(prefix):]
            break
    return value.strip().casefold()


def pseudonym_for(handle: str, key: bytes) -> str:
    """The stable pseudonym of a handle, like ``anon-3f9c0a1b2c3d4e5f``."""
    return PSEUDONYM_PREFIX + keyed_hash(key, _PURPOSE, normalise_handle(handle))[:16]


def is_pseudonym(value: str | None) -> bool:
    """True when ``value`` already is a pseudonym."""
    return bool(value) and bool(PSEUDONYM_PATTERN.match(value or ""))


def scrub_raw_record(raw: Any, handle: str, pseudonym: str) -> Any:
    """The captured raw record with the author replaced by the pseudonym.

    ``author`` becomes the pseudonym; other ``author*`` fields (account ids,
    flair, profile links, e-mail in feed author details) are dropped; any other
    value equal to the handle is replaced. Post text is left as captured.
    """
    target = normalise_handle(handle)

    def scrub(value: Any) -> Any:
        if isinstance(value, Mapping):
            cleaned: dict[str, Any] = {}
            for key, item in value.items():
                lowered = str(key).lower()
                if lowered == "author":
                    cleaned[key] = pseudonym if isinstance(item, str) else scrub(item)
                elif lowered.startswith("author") or lowered in ("authors", "contributors"):
                    continue
                else:
                    cleaned[key] = scrub(item)
            return cleaned
        if isinstance(value, list):
            return [scrub(item) for item in value]
        if isinstance(value, str) and target and normalise_handle(value) == target:
            return pseudonym
        return value

    return scrub(raw)
