"""Drafted letters and reports for a case, as staff edit and approve them.

Schoolwatch never sends a draft to anyone. Staff edit a draft (each save is
a new version), approve it, send it themselves from their own email or the
platform's report form, and may record here that they did
(:func:`mark_sent_by_hand`), which the deletion watch uses as the time of the
removal request. Every step is written to the audit log.
"""

from __future__ import annotations

import uuid
from typing import Any

import duckdb

from warehouse import audit
from warehouse._util import rows_as_dicts, utcnow

DRAFT_KINDS: tuple[str, ...] = ("removal_request", "complaints_referral", "platform_report",
                                "dsl_referral", "police_referral")


def save(con: duckdb.DuckDBPyConnection, case_id: str, kind: str, body: str,
         actor: str) -> dict[str, Any]:
    """Store a new version of a draft (status ``draft``); returns the stored row."""
    if kind not in DRAFT_KINDS:
        raise ValueError(f"unknown draft kind {kind!r}; expected one of {DRAFT_KINDS}")
    version = con.execute(
        "SELECT coalesce(max(version), 0) + 1 FROM drafts WHERE case_id = ? AND kind = ?",
        [case_id, kind]).fetchone()[0]
    draft_id = uuid.uuid4().hex
    con.execute(
        "INSERT INTO drafts (draft_id, case_id, kind, version, body, status, created_by,"
        " created_at) VALUES (?, ?, ?, ?, ?, 'draft', ?, ?)",
        [draft_id, case_id, kind, version, body, actor, utcnow()])
    audit.log(con, actor, "draft_saved", "case", case_id,
              {"draft_id": draft_id, "kind": kind, "version": version})
    return get(con, draft_id) or {}


def get(con: duckdb.DuckDBPyConnection, draft_id: str) -> dict[str, Any] | None:
    """One draft version."""
    rows = rows_as_dicts(con.execute("SELECT * FROM drafts WHERE draft_id = ?", [draft_id]))
    return rows[0] if rows else None


def approve(con: duckdb.DuckDBPyConnection, draft_id: str, actor: str) -> dict[str, Any]:
    """Mark a draft version approved by a person (it is still not sent by schoolwatch)."""
    row = get(con, draft_id)
    if row is None:
        raise KeyError(draft_id)
    con.execute("UPDATE drafts SET status = 'approved', approved_by = ?, approved_at = ?"
                " WHERE draft_id = ? AND status = 'draft'", [actor, utcnow(), draft_id])
    audit.log(con, actor, "draft_approved", "case", row["case_id"],
              {"draft_id": draft_id, "kind": row["kind"], "version": row["version"]})
    return get(con, draft_id) or {}


def mark_sent_by_hand(con: duckdb.DuckDBPyConnection, draft_id: str, actor: str,
                      note: str = "") -> dict[str, Any]:
    """Record that a person sent an approved draft themselves (how, in ``note``)."""
    row = get(con, draft_id)
    if row is None:
        raise KeyError(draft_id)
    if row["status"] == "draft":
        raise ValueError("approve the draft before recording that it was sent")
    con.execute("UPDATE drafts SET status = 'sent_by_hand', sent_by = ?, sent_at = ?,"
                " sent_note = ? WHERE draft_id = ?", [actor, utcnow(), note, draft_id])
    audit.log(con, actor, "draft_sent_by_hand", "case", row["case_id"],
              {"draft_id": draft_id, "kind": row["kind"], "version": row["version"],
               "note": note})
    return get(con, draft_id) or {}


def latest(con: duckdb.DuckDBPyConnection, case_id: str) -> dict[str, dict[str, Any]]:
    """The newest version of each kind of draft for a case."""
    rows = rows_as_dicts(con.execute(
        "SELECT * FROM drafts WHERE case_id = ? QUALIFY row_number() OVER"
        " (PARTITION BY kind ORDER BY version DESC) = 1 ORDER BY kind", [case_id]))
    return {row["kind"]: row for row in rows}


def history(con: duckdb.DuckDBPyConnection, case_id: str,
            kind: str | None = None) -> list[dict[str, Any]]:
    """Every version of a case's drafts, oldest first."""
    return rows_as_dicts(con.execute(
        "SELECT * FROM drafts WHERE case_id = ? AND (? IS NULL OR kind = ?)"
        " ORDER BY kind, version", [case_id, kind, kind]))
