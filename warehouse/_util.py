"""Small helpers shared by the warehouse modules (time, JSON, batching)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

T = TypeVar("T")


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def to_json(value: Any) -> str:
    """Serialise for a JSON column; datetimes become ISO strings."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_default)


def from_json(value: str | None) -> Any:
    """Parse a JSON column (DuckDB returns JSON as text)."""
    return None if value is None else json.loads(value)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def chunked(items: Sequence[T] | Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of at most ``size`` items."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def rows_as_dicts(cursor: Any) -> list[dict[str, Any]]:
    """Fetch all rows of an executed statement as dictionaries."""
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def bulk_insert(con: Any, insert_into: str, rows: Sequence[Sequence[Any]], tail: str = "") -> None:
    """Insert many rows in ONE statement by unnesting column lists.

    ``insert_into`` is the fixed head of the statement, e.g.
    ``"INSERT INTO t (a, b)"``; ``tail`` an optional ``ON CONFLICT ...``.
    DuckDB's ``executemany`` makes a round trip per row (about 10 ms each
    here); unnesting one list per column is several hundred times faster.
    The statement text is built only from our own constants, never from data.
    """
    if not rows:
        return
    columns = [list(column) for column in zip(*rows, strict=True)]
    select = ", ".join("unnest(?)" for _ in columns)
    con.execute(f"{insert_into} SELECT {select} {tail}", columns)  # noqa: S608
