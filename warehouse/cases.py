"""Cases: one conversation about one school that needs (or needed) a human look.

Mentions are grouped by (school, thread): twenty comments on one thread are
one case. A case's recommendation only ever rises with new evidence; staff
decisions are kept in ``decisions`` with who and when.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import duckdb

from schoolwatch.domain import ACTIONS, Recommendation
from warehouse._util import bulk_insert, from_json, rows_as_dicts, to_json, utcnow


def case_id_for(school_id: str, thread_key: str) -> str:
    """Deterministic case id, so a rerun finds the same case."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"schoolwatch:{school_id}:{thread_key}").hex[:16]


def untriaged(con: duckdb.DuckDBPyConnection, limit: int = 5000) -> list[dict[str, Any]]:
    """Matched, classified mentions not yet attached to a case for that school."""
    rows = rows_as_dicts(con.execute(
        """
        SELECT m.mention_id, s.school_id, m.thread_key, m.source, m.kind, m.url, m.author,
               m.title, m.body, m.posted_at, c.labels, c.scores, c.spans, c.model_version
        FROM raw_mentions m
        JOIN school_matches s USING (mention_id)
        JOIN latest_classifications c USING (mention_id)
        WHERE NOT EXISTS (
            SELECT 1 FROM case_mentions cm JOIN cases k USING (case_id)
            WHERE cm.mention_id = m.mention_id AND k.school_id = s.school_id)
        AND NOT EXISTS (SELECT 1 FROM triage_log t
                        WHERE t.mention_id = m.mention_id AND t.school_id = s.school_id)
        ORDER BY m.posted_at NULLS LAST, m.mention_id LIMIT ?
        """, [limit]))
    for row in rows:
        row["scores"] = from_json(row["scores"])
        row["spans"] = from_json(row["spans"])
    return rows


def mark_triaged(con: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[str, str]]) -> None:
    """Remember (mention, school) pairs that were looked at and needed no case."""
    now = utcnow()
    bulk_insert(con, "INSERT INTO triage_log", [[m, s, now] for m, s in dict.fromkeys(pairs)],
                "ON CONFLICT DO NOTHING")


def upsert(con: duckdb.DuckDBPyConnection, school_id: str, thread_key: str,
           recommendation: Recommendation, labels: Sequence[str],
           mention_ids: Sequence[str], safeguarding: bool) -> tuple[str, bool]:
    """Create the case or add evidence to it. Returns (case_id, created)."""
    case_id = case_id_for(school_id, thread_key)
    now = utcnow()
    existing = con.execute("SELECT severity, labels, status, action FROM cases"
                           " WHERE case_id = ?", [case_id]).fetchone()
    r = recommendation
    if existing is None:
        con.execute(
            "INSERT INTO cases (case_id, school_id, thread_key, status, action, severity, reason,"
            " clause, policy, flags, labels, safeguarding, opened_at, updated_at)"
            " VALUES (?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [case_id, school_id, thread_key, r.action, r.severity, r.reason, r.clause, r.policy,
             list(r.flags), sorted(set(labels)), safeguarding, now, now])
        created = True
    else:
        old_severity, old_labels, status, old_action = existing
        merged = sorted(set(old_labels) | set(labels))
        # The more serious recommendation wins: higher severity, or at equal severity the
        # more serious action (telling the DSL outranks reporting to the platform).
        if (r.severity, _action_rank(r.action)) > (old_severity, _action_rank(old_action)):
            con.execute(
                "UPDATE cases SET action = ?, severity = ?, reason = ?, clause = ?, policy = ?,"
                " flags = list_distinct(list_concat(flags, ?)) WHERE case_id = ?",
                [r.action, r.severity, r.reason, r.clause, r.policy, list(r.flags), case_id])
        # New harmful evidence on a closed case reopens it for review.
        reopen = status in ("dismissed", "resolved") and r.severity > old_severity
        con.execute(
            "UPDATE cases SET labels = ?, safeguarding = safeguarding OR ?, updated_at = ?,"
            " status = CASE WHEN ? THEN 'new' ELSE status END,"
            " closed_at = CASE WHEN ? THEN NULL ELSE closed_at END WHERE case_id = ?",
            [merged, safeguarding, now, reopen, reopen, case_id])
        created = False
    bulk_insert(con, "INSERT INTO case_mentions",
                [[case_id, mid, now] for mid in dict.fromkeys(mention_ids)],
                "ON CONFLICT DO NOTHING")
    return case_id, created


def _action_rank(action: str) -> int:
    return ACTIONS.index(action) if action in ACTIONS else -1


def get(con: duckdb.DuckDBPyConnection, case_id: str) -> dict[str, Any] | None:
    """One case row."""
    rows = rows_as_dicts(con.execute("SELECT * FROM cases WHERE case_id = ?", [case_id]))
    return rows[0] if rows else None


def mentions_of(con: duckdb.DuckDBPyConnection, case_id: str) -> list[dict[str, Any]]:
    """The mentions in a case, oldest first, with their latest classification."""
    rows = rows_as_dicts(con.execute(
        """
        SELECT m.*, c.labels, c.scores, c.spans, c.model_version
        FROM case_mentions cm JOIN raw_mentions m USING (mention_id)
        LEFT JOIN latest_classifications c USING (mention_id)
        WHERE cm.case_id = ? ORDER BY m.posted_at NULLS LAST, m.mention_id
        """, [case_id]))
    for row in rows:
        row["scores"] = from_json(row["scores"]) or {}
        row["spans"] = from_json(row["spans"]) or []
    return rows


def list_cases(con: duckdb.DuckDBPyConnection, school_ids: Sequence[str] | None = None,
               statuses: Sequence[str] | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Cases, most severe and newest first."""
    return rows_as_dicts(con.execute(
        """
        SELECT k.*, (SELECT count(*) FROM case_mentions cm WHERE cm.case_id = k.case_id)
               AS mention_count
        FROM cases k
        WHERE (? IS NULL OR k.school_id IN (SELECT unnest(?)))
          AND (? IS NULL OR k.status IN (SELECT unnest(?)))
        ORDER BY k.severity DESC, k.updated_at DESC LIMIT ?
        """, [school_ids, school_ids, statuses, statuses, limit]))


def record_decision(con: duckdb.DuckDBPyConnection, case_id: str, actor: str, decision: str,
                    detail: dict[str, Any]) -> str:
    """Store a staff decision on a case; returns its id."""
    decision_id = uuid.uuid4().hex
    con.execute("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?)",
                [decision_id, case_id, actor, decision, to_json(detail), utcnow()])
    return decision_id
