"""Connector state: cursors, ETags and health per source (dlt-style incremental state)."""

from __future__ import annotations

from typing import Any

import duckdb

from warehouse._util import from_json, rows_as_dicts, to_json, utcnow

# A source is shown as unhealthy after this many failed runs in a row.
UNHEALTHY_AFTER = 3


def get_state(con: duckdb.DuckDBPyConnection, source_key: str) -> dict[str, Any]:
    """Stored state for a source (empty dict if never run); ``state`` is JSON-decoded."""
    rows = rows_as_dicts(con.execute("SELECT * FROM connector_state WHERE source_key = ?",
                                     [source_key]))
    if not rows:
        return {}
    row = rows[0]
    row["state"] = from_json(row["state"]) or {}
    return row


def record_success(con: duckdb.DuckDBPyConnection, source_key: str, source: str,
                   display_name: str, items: int, *, cursor: str | None = None,
                   etag: str | None = None, last_modified: str | None = None,
                   state: dict[str, Any] | None = None) -> None:
    """Record a successful fetch and its new cursor/ETag; resets the failure count."""
    now = utcnow()
    con.execute(
        """
        INSERT INTO connector_state (source_key, source, display_name, cursor, etag,
            last_modified, state, last_attempt_at, last_success_at, consecutive_failures,
            items_fetched, last_items, healthy)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, true)
        ON CONFLICT (source_key) DO UPDATE SET
            display_name = excluded.display_name,
            cursor = coalesce(excluded.cursor, connector_state.cursor),
            etag = coalesce(excluded.etag, connector_state.etag),
            last_modified = coalesce(excluded.last_modified, connector_state.last_modified),
            state = coalesce(excluded.state, connector_state.state),
            last_attempt_at = excluded.last_attempt_at,
            last_success_at = excluded.last_success_at,
            consecutive_failures = 0,
            items_fetched = connector_state.items_fetched + excluded.last_items,
            last_items = excluded.last_items,
            healthy = true
        """,
        [source_key, source, display_name, cursor, etag, last_modified,
         to_json(state) if state is not None else None, now, now, items, items],
    )


def record_failure(con: duckdb.DuckDBPyConnection, source_key: str, source: str,
                   display_name: str, error: str) -> int:
    """Record a failed fetch; returns the consecutive failure count."""
    now = utcnow()
    con.execute(
        """
        INSERT INTO connector_state (source_key, source, display_name, last_attempt_at,
            last_error, last_error_at, consecutive_failures, healthy)
        VALUES (?, ?, ?, ?, ?, ?, 1, ?)
        ON CONFLICT (source_key) DO UPDATE SET
            display_name = excluded.display_name,
            last_attempt_at = excluded.last_attempt_at,
            last_error = excluded.last_error,
            last_error_at = excluded.last_error_at,
            consecutive_failures = connector_state.consecutive_failures + 1,
            last_items = 0,
            healthy = connector_state.consecutive_failures + 1 < ?
        """,
        [source_key, source, display_name, now, error[:2000], now, UNHEALTHY_AFTER > 1,
         UNHEALTHY_AFTER],
    )
    return con.execute("SELECT consecutive_failures FROM connector_state WHERE source_key = ?",
                       [source_key]).fetchone()[0]


def health(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every source's health, unhealthy first, for the digest and dashboard."""
    return rows_as_dicts(con.execute(
        "SELECT source_key, source, display_name, last_attempt_at, last_success_at, last_error,"
        " last_error_at, consecutive_failures, items_fetched, last_items, healthy"
        " FROM connector_state ORDER BY healthy, source, display_name"))
