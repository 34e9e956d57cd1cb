"""The append-only audit log: who viewed, exported, changed or deleted what.

This module deliberately offers no update or delete: entries are only added.
"""

from __future__ import annotations

from typing import Any

import duckdb

from warehouse._util import from_json, rows_as_dicts, to_json, utcnow


def log(con: duckdb.DuckDBPyConnection, actor: str, action: str, object_type: str,
        object_id: str | None = None, detail: dict[str, Any] | None = None) -> None:
    """Append one entry."""
    con.execute(
        "INSERT INTO audit_log (logged_at, actor, action, object_type, object_id, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [utcnow(), actor, action, object_type, object_id, to_json(detail or {})],
    )


def entries(con: duckdb.DuckDBPyConnection, object_type: str | None = None,
            object_id: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    """Entries, newest first, optionally for one object."""
    rows = rows_as_dicts(con.execute(
        "SELECT * FROM audit_log WHERE (? IS NULL OR object_type = ?)"
        " AND (? IS NULL OR object_id = ?) ORDER BY audit_id DESC LIMIT ?",
        [object_type, object_type, object_id, object_id, limit]))
    for row in rows:
        row["detail"] = from_json(row["detail"])
    return rows


def export_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every entry, oldest first, JSON detail decoded: for ``schoolwatch privacy audit-export``."""
    rows = rows_as_dicts(con.execute("SELECT * FROM audit_log ORDER BY audit_id"))
    for row in rows:
        row["detail"] = from_json(row["detail"])
    return rows


def entries_for_objects(con: duckdb.DuckDBPyConnection,
                        object_ids: list[str]) -> list[dict[str, Any]]:
    """Entries about any of these objects (cases, mentions), oldest first."""
    if not object_ids:
        return []
    rows = rows_as_dicts(con.execute(
        "SELECT * FROM audit_log WHERE object_id IN (SELECT unnest(?)) ORDER BY audit_id",
        [object_ids]))
    for row in rows:
        row["detail"] = from_json(row["detail"])
    return rows
