"""Deletion watch: what we saw each time we re-checked a case's posts, and what it means.

Rows go to ``mention_observations`` (status present, edited, removed or
unreachable). :func:`removal_outcome` answers the question a headteacher
asks: "we asked for the post to be removed; was it?"
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import duckdb

from warehouse._util import rows_as_dicts, utcnow

STATUSES: tuple[str, ...] = ("present", "edited", "removed", "unreachable")
OPEN_CASE_STATUSES: tuple[str, ...] = ("new", "confirmed", "actioned")


def record(con: duckdb.DuckDBPyConnection, mention_id: str, status: str,
           content_sha256: str | None = None, detail: str = "",
           http_status: int | None = None, checked_at: datetime | None = None) -> datetime:
    """Store one re-check result; returns the time it was recorded under."""
    if status not in STATUSES:
        raise ValueError(f"unknown observation status {status!r}")
    when = checked_at or utcnow()
    # The key is (mention, time): two checks in the same microsecond would collide.
    while con.execute("SELECT 1 FROM mention_observations WHERE mention_id = ? AND checked_at = ?",
                      [mention_id, when]).fetchone():
        when += timedelta(microseconds=1)
    con.execute(
        "INSERT INTO mention_observations (mention_id, checked_at, status, content_sha256,"
        " detail, http_status) VALUES (?, ?, ?, ?, ?, ?)",
        [mention_id, when, status, content_sha256, detail, http_status])
    return when


def latest(con: duckdb.DuckDBPyConnection, mention_id: str) -> dict[str, Any] | None:
    """The most recent observation of a mention."""
    rows = rows_as_dicts(con.execute(
        "SELECT * FROM mention_observations WHERE mention_id = ?"
        " ORDER BY checked_at DESC LIMIT 1", [mention_id]))
    return rows[0] if rows else None


def history(con: duckdb.DuckDBPyConnection, mention_ids: Sequence[str]) -> list[dict[str, Any]]:
    """All observations of these mentions, oldest first."""
    if not mention_ids:
        return []
    return rows_as_dicts(con.execute(
        "SELECT * FROM mention_observations WHERE mention_id IN (SELECT unnest(?))"
        " ORDER BY checked_at, mention_id", [list(mention_ids)]))


def case_history(con: duckdb.DuckDBPyConnection, case_id: str) -> list[dict[str, Any]]:
    """All observations of a case's mentions, oldest first."""
    return rows_as_dicts(con.execute(
        "SELECT o.* FROM mention_observations o JOIN case_mentions cm USING (mention_id)"
        " WHERE cm.case_id = ? ORDER BY o.checked_at, o.mention_id", [case_id]))


def open_case_targets(con: duckdb.DuckDBPyConnection,
                      statuses: Sequence[str] = OPEN_CASE_STATUSES,
                      limit: int = 1000) -> list[dict[str, Any]]:
    """Mentions of open cases to re-check, least recently checked first.

    A mention already seen removed is not checked again. Each row carries the
    case's flags so the caller can skip what must never be fetched.
    """
    return rows_as_dicts(con.execute(
        """
        SELECT k.case_id, k.school_id, k.flags, m.mention_id, m.source, m.source_key, m.kind,
               m.url,
               m.external_id, m.title, m.body, m.content_sha256, last.checked_at AS last_checked_at,
               last.status AS last_status
        FROM cases k
        JOIN case_mentions cm USING (case_id)
        JOIN raw_mentions m USING (mention_id)
        LEFT JOIN (SELECT mention_id, max(checked_at) AS checked_at,
                          arg_max(status, checked_at) AS status
                   FROM mention_observations GROUP BY mention_id) last USING (mention_id)
        WHERE k.status IN (SELECT unnest(?))
          AND coalesce(last.status, '') <> 'removed'
        ORDER BY last.checked_at NULLS FIRST, k.severity DESC, m.mention_id
        LIMIT ?
        """, [list(statuses), limit]))


def removal_requested_at(con: duckdb.DuckDBPyConnection, case_id: str) -> datetime | None:
    """When staff recorded asking for removal: a decision or a removal draft marked sent."""
    row = con.execute(
        """
        SELECT min(t) FROM (
            SELECT decided_at AS t FROM decisions
            WHERE case_id = ? AND decision = 'action'
              AND json_extract_string(detail, '$.action') = 'request_removal'
            UNION ALL
            SELECT sent_at AS t FROM drafts
            WHERE case_id = ? AND kind = 'removal_request' AND status = 'sent_by_hand'
        )
        """, [case_id, case_id]).fetchone()
    return row[0] if row else None


def removal_outcome(con: duckdb.DuckDBPyConnection, case_id: str) -> dict[str, Any]:
    """Was the post removed after the removal request? With the evidence for the answer.

    ``answer`` is one of: ``no_request`` (no request recorded), ``not_checked``
    (not re-checked since), ``removed`` (every post seen removed after the
    request), ``partly_removed``, ``edited``, ``still_up``, ``unreachable``.
    """
    requested_at = removal_requested_at(con, case_id)
    mentions = [row[0] for row in con.execute(
        "SELECT mention_id FROM case_mentions WHERE case_id = ? ORDER BY mention_id",
        [case_id]).fetchall()]
    per_mention: list[dict[str, Any]] = []
    for mention_id in mentions:
        after = rows_as_dicts(con.execute(
            "SELECT checked_at, status FROM mention_observations WHERE mention_id = ?"
            " AND (? IS NULL OR checked_at >= ?) ORDER BY checked_at",
            [mention_id, requested_at, requested_at]))
        removed_at = next((o["checked_at"] for o in after if o["status"] == "removed"), None)
        per_mention.append({
            "mention_id": mention_id,
            "last_status": after[-1]["status"] if after else None,
            "last_checked_at": after[-1]["checked_at"] if after else None,
            "removed_at": removed_at,
        })
    return {"case_id": case_id, "requested_at": requested_at,
            "answer": _answer(requested_at, per_mention),
            "removed_at": max((m["removed_at"] for m in per_mention if m["removed_at"]),
                              default=None),
            "mentions": per_mention}


def _answer(requested_at: datetime | None, per_mention: list[dict[str, Any]]) -> str:
    if requested_at is None:
        return "no_request"
    checked = [m for m in per_mention if m["last_status"] is not None]
    if not checked:
        return "not_checked"
    removed = [m for m in checked if m["removed_at"] is not None]
    if len(removed) == len(per_mention):
        return "removed"
    if removed:
        return "partly_removed"
    statuses = {m["last_status"] for m in checked}
    if "edited" in statuses:
        return "edited"
    if statuses == {"unreachable"}:
        return "unreachable"
    return "still_up"


def removed_since(con: duckdb.DuckDBPyConnection, since: datetime,
                  school_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Posts first seen removed or edited since a time, with their case (for the digest)."""
    return rows_as_dicts(con.execute(
        """
        SELECT k.case_id, k.school_id, o.mention_id, o.status, min(o.checked_at) AS seen_at
        FROM mention_observations o
        JOIN case_mentions cm USING (mention_id)
        JOIN cases k USING (case_id)
        WHERE o.status IN ('removed', 'edited') AND o.checked_at >= ?
          AND (? IS NULL OR k.school_id IN (SELECT unnest(?)))
          AND NOT EXISTS (SELECT 1 FROM mention_observations p
                          WHERE p.mention_id = o.mention_id AND p.status = o.status
                            AND p.checked_at < ?)
        GROUP BY ALL ORDER BY seen_at, o.mention_id
        """, [since, school_ids, school_ids, since]))
