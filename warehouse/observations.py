"""Deletion watch results: each re-check of a mention's URL (present, edited, removed...)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from warehouse._util import rows_as_dicts

OBSERVATION_STATUSES: tuple[str, ...] = ("present", "edited", "removed", "unreachable")


def record(con: duckdb.DuckDBPyConnection, mention_id: str, status: str, checked_at: datetime,
           content_sha256: str | None = None, detail: str | None = None) -> None:
    """Store one re-check; the same mention checked at the same moment is kept once."""
    if status not in OBSERVATION_STATUSES:
        raise ValueError(f"unknown observation status {status!r}")
    con.execute("INSERT INTO mention_observations VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [mention_id, checked_at, status, content_sha256, detail])


def history(con: duckdb.DuckDBPyConnection, mention_id: str) -> list[dict[str, Any]]:
    """Every re-check of a mention, oldest first."""
    return rows_as_dicts(con.execute(
        "SELECT * FROM mention_observations WHERE mention_id = ? ORDER BY checked_at",
        [mention_id]))
