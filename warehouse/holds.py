"""Evidence holds: keep a case or a mention, whatever retention or erasure says.

A hold is placed with a reason (a complaint, a police report, a solicitor's
letter) and stays until someone releases it, also with a reason. Placing and
releasing are written to the audit log. A case hold also sets
``cases.legal_hold`` so every room sees it; that flag set by other means is
honoured too.
"""

from __future__ import annotations

import uuid
from typing import Any

import duckdb

from schoolwatch.errors import SchoolwatchError
from warehouse import audit
from warehouse._util import rows_as_dicts, utcnow

OBJECT_TYPES = ("case", "mention")

# SQL fragments other warehouse modules embed to skip anything held.
HELD_CASES_SQL = """
    SELECT case_id FROM cases WHERE legal_hold
    UNION SELECT object_id FROM evidence_holds
          WHERE object_type = 'case' AND released_at IS NULL
"""
HELD_MENTIONS_SQL = f"""
    SELECT object_id AS mention_id FROM evidence_holds
        WHERE object_type = 'mention' AND released_at IS NULL
    UNION SELECT mention_id FROM case_mentions WHERE case_id IN ({HELD_CASES_SQL})
"""  # noqa: S608 - constant SQL


class HoldError(SchoolwatchError):
    """A hold could not be placed or released (unknown case or mention, no reason)."""


def _check(con: duckdb.DuckDBPyConnection, object_type: str, object_id: str) -> None:
    if object_type not in OBJECT_TYPES:
        raise HoldError(f"A hold is placed on a case or a mention, not a {object_type!r}.")
    table, column = ("cases", "case_id") if object_type == "case" else \
        ("raw_mentions", "mention_id")
    found = con.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?",  # noqa: S608 - fixed names
                        [object_id]).fetchone()[0]
    if not found:
        raise HoldError(f"There is no {object_type} with the id {object_id!r}; check the id "
                        "shown on the dashboard.")


def place(con: duckdb.DuckDBPyConnection, object_type: str, object_id: str, reason: str,
          actor: str) -> str:
    """Put a case or mention on hold; returns the hold id."""
    if not reason.strip():
        raise HoldError("Say why the evidence is being held (for example 'police report "
                        "ref 1234').")
    _check(con, object_type, object_id)
    hold_id = uuid.uuid4().hex
    now = utcnow()
    con.execute("INSERT INTO evidence_holds (hold_id, object_type, object_id, reason, placed_by,"
                " placed_at) VALUES (?, ?, ?, ?, ?, ?)",
                [hold_id, object_type, object_id, reason.strip(), actor, now])
    if object_type == "case":
        con.execute("UPDATE cases SET legal_hold = true WHERE case_id = ?", [object_id])
    audit.log(con, actor, "hold.place", object_type, object_id,
              {"hold_id": hold_id, "reason": reason.strip()})
    return hold_id


def release(con: duckdb.DuckDBPyConnection, object_type: str, object_id: str, actor: str,
            reason: str) -> int:
    """Release every active hold on a case or mention; returns how many were released."""
    if not reason.strip():
        raise HoldError("Say why the hold is being released (for example 'complaint closed').")
    _check(con, object_type, object_id)
    now = utcnow()
    active = [row[0] for row in con.execute(
        "SELECT hold_id FROM evidence_holds WHERE object_type = ? AND object_id = ?"
        " AND released_at IS NULL", [object_type, object_id]).fetchall()]
    flagged = object_type == "case" and con.execute(
        "SELECT legal_hold FROM cases WHERE case_id = ?", [object_id]).fetchone()[0]
    if not active and not flagged:
        return 0
    if active:
        con.execute("UPDATE evidence_holds SET released_by = ?, released_at = ?,"
                    " release_reason = ? WHERE hold_id IN (SELECT unnest(?))",
                    [actor, now, reason.strip(), active])
    if object_type == "case":
        con.execute("UPDATE cases SET legal_hold = false WHERE case_id = ?", [object_id])
    audit.log(con, actor, "hold.release", object_type, object_id,
              {"hold_ids": active, "reason": reason.strip()})
    return max(len(active), 1)


def active_holds(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Holds in force, oldest first (case flags set without a hold row included)."""
    return rows_as_dicts(con.execute(
        """
        SELECT hold_id, object_type, object_id, reason, placed_by, placed_at
        FROM evidence_holds WHERE released_at IS NULL
        UNION ALL
        SELECT NULL, 'case', case_id, 'legal_hold flag set on the case', NULL, NULL
        FROM cases WHERE legal_hold AND case_id NOT IN (
            SELECT object_id FROM evidence_holds
            WHERE object_type = 'case' AND released_at IS NULL)
        ORDER BY placed_at NULLS FIRST, object_id
        """))


def held_mention_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Mentions that must not be touched: held themselves or in a held case."""
    return {row[0] for row in con.execute(HELD_MENTIONS_SQL).fetchall()}


def held_case_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Cases that must not be touched."""
    return {row[0] for row in con.execute(HELD_CASES_SQL).fetchall()}
