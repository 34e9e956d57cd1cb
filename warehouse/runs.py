"""Pipeline runs: when each nightly run started, ended, and what it did."""

from __future__ import annotations

from typing import Any

import duckdb

from warehouse._util import from_json, rows_as_dicts, to_json, utcnow


def start(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Record that a run began."""
    con.execute("INSERT INTO runs VALUES (?, ?, NULL, 'running', NULL) ON CONFLICT DO NOTHING",
                [run_id, utcnow()])


def finish(con: duckdb.DuckDBPyConnection, run_id: str, status: str,
           summary: dict[str, Any]) -> None:
    """Record how a run ended."""
    con.execute("UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE run_id = ?",
                [utcnow(), status, to_json(summary), run_id])


def recent(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict[str, Any]]:
    """Latest runs first."""
    rows = rows_as_dicts(con.execute(
        "SELECT * FROM runs ORDER BY started_at DESC LIMIT ?", [limit]))
    for row in rows:
        row["summary"] = from_json(row["summary"])
    return rows
