"""Read-only queries behind the daily digest and the urgent alerts.

Each function takes the schools a recipient covers and a time window
``[since, until)`` and returns plain dicts; deciding who may see what
(safeguarding redaction) is the email room's job, not this module's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb

from warehouse._util import from_json, rows_as_dicts

OPEN_STATUSES: tuple[str, ...] = ("new", "confirmed")
# Decisions that change what state a case is in; notes and assignments are not listed.
STATUS_DECISIONS: tuple[str, ...] = ("confirm", "dismiss", "action", "resolve", "reopen")


def urgent_open_cases(con: duckdb.DuckDBPyConnection, school_ids: Sequence[str],
                      labels: Sequence[str], actions: Sequence[str],
                      updated_since: datetime | None = None) -> list[dict[str, Any]]:
    """Open cases carrying an urgent label or action, or flagged safeguarding, most severe first.

    ``updated_since`` limits them to cases opened or given new evidence since then.
    """
    return rows_as_dicts(con.execute(
        """
        SELECT k.* FROM cases k
        WHERE k.school_id IN (SELECT unnest(?))
          AND k.status IN (SELECT unnest(?))
          AND (list_has_any(k.labels, ?::VARCHAR[]) OR k.action IN (SELECT unnest(?))
               OR k.safeguarding)
          AND (?::TIMESTAMPTZ IS NULL OR k.updated_at >= ?::TIMESTAMPTZ)
        ORDER BY k.severity DESC, k.opened_at, k.case_id
        """,
        [list(school_ids), list(OPEN_STATUSES), list(labels), list(actions),
         updated_since, updated_since]))


def new_cases(con: duckdb.DuckDBPyConnection, school_ids: Sequence[str], since: datetime,
              until: datetime) -> list[dict[str, Any]]:
    """Cases opened in the window that still wait for a decision, most severe first."""
    return rows_as_dicts(con.execute(
        """
        SELECT k.* FROM cases k
        WHERE k.school_id IN (SELECT unnest(?)) AND k.status = 'new'
          AND k.opened_at >= ? AND k.opened_at < ?
        ORDER BY k.severity DESC, k.opened_at, k.case_id
        """, [list(school_ids), since, until]))


def waiting_count(con: duckdb.DuckDBPyConnection, school_ids: Sequence[str],
                  opened_before: datetime) -> int:
    """Older cases (opened before the window) still waiting for a decision."""
    return con.execute(
        "SELECT count(*) FROM cases WHERE school_id IN (SELECT unnest(?)) AND status = 'new'"
        " AND opened_at < ?", [list(school_ids), opened_before]).fetchone()[0]


def status_changes(con: duckdb.DuckDBPyConnection, school_ids: Sequence[str], since: datetime,
                   until: datetime) -> list[dict[str, Any]]:
    """Staff decisions that changed a case's state in the window, oldest first."""
    rows = rows_as_dicts(con.execute(
        """
        SELECT d.decision_id, d.case_id, d.actor, d.decision, d.detail, d.decided_at,
               k.school_id, k.status, k.action, k.labels, k.safeguarding
        FROM decisions d JOIN cases k USING (case_id)
        WHERE k.school_id IN (SELECT unnest(?)) AND d.decision IN (SELECT unnest(?))
          AND d.decided_at >= ? AND d.decided_at < ?
        ORDER BY d.decided_at, d.decision_id
        """, [list(school_ids), list(STATUS_DECISIONS), since, until]))
    for row in rows:
        row["detail"] = from_json(row["detail"]) or {}
    return rows


def removed_posts(con: duckdb.DuckDBPyConnection, school_ids: Sequence[str], since: datetime,
                  until: datetime) -> list[dict[str, Any]]:
    """Posts in a case that were first seen removed during the window."""
    return rows_as_dicts(con.execute(
        """
        SELECT o.mention_id, o.checked_at, k.case_id, k.school_id, k.action, k.labels,
               k.safeguarding, m.source, m.url, m.title, m.body, m.posted_at
        FROM mention_observations o
        JOIN case_mentions cm USING (mention_id)
        JOIN cases k USING (case_id)
        JOIN raw_mentions m ON m.mention_id = o.mention_id
        WHERE o.status = 'removed' AND o.checked_at >= ? AND o.checked_at < ?
          AND k.school_id IN (SELECT unnest(?))
          AND NOT EXISTS (SELECT 1 FROM mention_observations p
                          WHERE p.mention_id = o.mention_id AND p.status = 'removed'
                            AND p.checked_at < o.checked_at)
        ORDER BY o.checked_at, o.mention_id
        """, [since, until, list(school_ids)]))


# How much a label weighs when choosing the post to quote: the post that made the
# case serious, so a police alert never quotes a merely rude reply in its thread.
QUOTE_WEIGHTS: dict[str, int] = {
    "threat": 5, "safeguarding": 5, "hate": 4, "defamatory": 3, "abusive": 3,
    "identifies_pupil": 2, "personal_data": 2, "names_staff": 1, "criticism": 0,
}
_WEIGHT_SQL = ("CASE l " + " ".join(f"WHEN '{label}' THEN {weight}"
                                     for label, weight in QUOTE_WEIGHTS.items())
               + " ELSE 0 END")


def representative_mentions(con: duckdb.DuckDBPyConnection,
                            case_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """For each case, the post to quote: the one with the weightiest label (see
    ``QUOTE_WEIGHTS``), then the most labels, then the newest.

    Each value also carries ``mention_count``, the number of posts in the case.
    """
    if not case_ids:
        return {}
    rows = rows_as_dicts(con.execute(
        f"""
        SELECT * EXCLUDE (rank) FROM (
            SELECT cm.case_id, m.mention_id, m.source, m.kind, m.url, m.author, m.title,
                   m.body, m.posted_at, m.fetched_at, coalesce(c.labels, []) AS labels,
                   count(*) OVER (PARTITION BY cm.case_id) AS mention_count,
                   row_number() OVER (
                       PARTITION BY cm.case_id
                       ORDER BY coalesce(list_max(list_transform(coalesce(c.labels, []),
                                                                 lambda l: {_WEIGHT_SQL})),
                                         -1) DESC,
                                len(coalesce(c.labels, [])) DESC,
                                coalesce(m.posted_at, m.fetched_at) DESC, m.mention_id
                   ) AS rank
            FROM case_mentions cm
            JOIN raw_mentions m USING (mention_id)
            LEFT JOIN latest_classifications c USING (mention_id)
            WHERE cm.case_id IN (SELECT unnest(?))
        ) WHERE rank = 1
        """, [list(case_ids)]))  # noqa: S608 - the CASE is built from our own constants
    return {row["case_id"]: row for row in rows}
