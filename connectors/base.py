"""The contract every source implements: fetch new items given the stored state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from schoolwatch.domain import RawItem


@dataclass
class FetchResult:
    """What one fetch brought back, and the state to store for next time."""

    items: list[RawItem] = field(default_factory=list)
    cursor: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    state: dict[str, Any] | None = None
    not_modified: bool = False
    warnings: list[str] = field(default_factory=list)


class Source(Protocol):
    """A place items come from: a feed, a Reddit listing, a search."""

    key: str
    source: str
    display_name: str

    def fetch(self, state: dict[str, Any]) -> FetchResult:
        """Fetch items newer than ``state`` describes; raise SourceError on failure."""
        ...
