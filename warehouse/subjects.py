"""SQL for subject access and erasure requests: find what is held, delete it.

The matching rules (what counts as "about" a person) live in
``schoolwatch.privacy.subjects``; this module only fetches candidates and
deletes what it is given, leaving anything on hold and saying why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb

from warehouse import mentions, purge
from warehouse._util import from_json, rows_as_dicts
from warehouse.holds import HELD_CASES_SQL

_MENTION_COLUMNS = ("m.mention_id, m.source, m.source_key, m.external_id, m.kind, m.url,"
                    " m.canonical_url, m.thread_key, m.author, m.title, m.body, m.posted_at,"
                    " m.fetched_at, m.raw_json, m.content_sha256")


def mentions_by_author(con: duckdb.DuckDBPyConnection,
                       authors: Sequence[str]) -> list[dict[str, Any]]:
    """Mentions whose author, case-folded and without a 'u/' or '@' prefix, is one of these."""
    return rows_as_dicts(con.execute(
        f"SELECT {_MENTION_COLUMNS} FROM raw_mentions m"  # noqa: S608 - fixed column list
        " WHERE lower(regexp_replace(trim(m.author), '^(/?u/|/?user/|@)', '', 'i'))"
        " IN (SELECT lower(unnest(?::VARCHAR[]))) ORDER BY m.fetched_at, m.mention_id",
        [list(authors)]))


def mentions_containing(con: duckdb.DuckDBPyConnection, needle: str) -> list[dict[str, Any]]:
    """Mentions whose title, body or author contains ``needle`` (any case): candidates only."""
    return rows_as_dicts(con.execute(
        f"SELECT {_MENTION_COLUMNS} FROM raw_mentions m"  # noqa: S608 - fixed column list
        " WHERE contains(lower(m.title || chr(10) || m.body || chr(10)"
        " || coalesce(m.author, '')), lower(?)) ORDER BY m.fetched_at, m.mention_id",
        [needle]))


def cases_for_mentions(con: duckdb.DuckDBPyConnection,
                       mention_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Cases holding any of these mentions, with which of them each holds."""
    if not mention_ids:
        return []
    return rows_as_dicts(con.execute(
        """
        SELECT c.*, list(cm.mention_id ORDER BY cm.mention_id) AS subject_mentions
        FROM cases c JOIN case_mentions cm USING (case_id)
        WHERE cm.mention_id IN (SELECT unnest(?))
        GROUP BY ALL ORDER BY c.opened_at, c.case_id
        """, [list(mention_ids)]))


def decisions(con: duckdb.DuckDBPyConnection, case_ids: Sequence[str], needle: str,
              actors: Sequence[str]) -> list[dict[str, Any]]:
    """Decisions on these cases, or whose detail contains ``needle``, or made by ``actors``."""
    rows = rows_as_dicts(con.execute(
        """
        SELECT * FROM decisions
        WHERE case_id IN (SELECT unnest(?::VARCHAR[]))
           OR contains(lower(CAST(detail AS VARCHAR)), lower(?))
           OR lower(actor) IN (SELECT lower(unnest(?::VARCHAR[])))
        ORDER BY decided_at, decision_id
        """, [list(case_ids), needle, list(actors)]))
    for row in rows:
        row["detail"] = from_json(row["detail"])
    return rows


def outbox_messages(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every stored email (the caller decodes and searches them)."""
    return rows_as_dicts(con.execute(
        "SELECT message_id, kind, recipient, subject, message, case_id, status, created_at,"
        " sent_at FROM outbox ORDER BY created_at, message_id"))


def hold_reasons(con: duckdb.DuckDBPyConnection,
                 mention_ids: Sequence[str]) -> dict[str, str]:
    """Why each held mention among these is held (mention holds and held cases)."""
    if not mention_ids:
        return {}
    rows = con.execute(
        f"""
        SELECT object_id, 'evidence hold on the post: ' || reason FROM evidence_holds
        WHERE object_type = 'mention' AND released_at IS NULL
          AND object_id IN (SELECT unnest(?::VARCHAR[]))
        UNION ALL
        SELECT cm.mention_id, 'case ' || cm.case_id || ' is on legal hold'
               || coalesce(': ' || h.reason, '')
        FROM case_mentions cm
        LEFT JOIN evidence_holds h ON h.object_type = 'case' AND h.object_id = cm.case_id
             AND h.released_at IS NULL
        WHERE cm.case_id IN ({HELD_CASES_SQL})
          AND cm.mention_id IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY 1, 2
        """, [list(mention_ids), list(mention_ids)]).fetchall()  # noqa: S608 - fixed fragment
    reasons: dict[str, str] = {}
    for mention_id, reason in rows:
        reasons.setdefault(mention_id, reason)
    return reasons


def held_cases(con: duckdb.DuckDBPyConnection, case_ids: Sequence[str]) -> set[str]:
    """Those of ``case_ids`` that are on hold."""
    if not case_ids:
        return set()
    return {row[0] for row in con.execute(
        f"SELECT case_id FROM ({HELD_CASES_SQL}) WHERE case_id IN (SELECT unnest(?))",  # noqa: S608
        [list(case_ids)]).fetchall()}


def erase(con: duckdb.DuckDBPyConnection, mention_ids: Sequence[str],
          decision_ids: Sequence[str], message_ids: Sequence[str],
          now: datetime) -> dict[str, Any]:
    """Delete these mentions, decisions and emails unless held; drop cases left empty.

    Returns ``{"deleted": {kind: count}, "withheld": [{kind, id, reason}]}``.
    """
    withheld: list[dict[str, str]] = []
    # Copies stored but not yet linked (a match stage that has not run, or failed)
    # are linked first, so erasing a post erases every copy of it.
    mentions.link_unmatched_duplicates(con)
    all_mentions = purge.with_duplicates(con, mention_ids)
    reasons = hold_reasons(con, all_mentions)
    withheld += [{"kind": "mention", "id": m, "reason": r} for m, r in sorted(reasons.items())]
    erasable = [m for m in all_mentions if m not in reasons]
    touched_cases = [row[0] for row in con.execute(
        "SELECT DISTINCT case_id FROM case_mentions WHERE mention_id IN (SELECT unnest(?))",
        [erasable]).fetchall()] if erasable else []
    mentions_deleted = purge.delete_mentions(con, erasable, "erased", now)
    empty_cases = [row[0] for row in con.execute(
        "SELECT unnest AS case_id FROM unnest(?::VARCHAR[])"
        " WHERE unnest NOT IN (SELECT case_id FROM case_mentions)",
        [touched_cases]).fetchall()] if touched_cases else []
    empty_cases = [c for c in empty_cases if c not in held_cases(con, empty_cases)]
    cases_deleted = purge.delete_cases(con, empty_cases)

    decision_rows = con.execute(
        "SELECT decision_id, case_id FROM decisions WHERE decision_id IN (SELECT unnest(?))",
        [list(decision_ids)]).fetchall() if decision_ids else []
    held_decision_cases = held_cases(con, [case_id for _, case_id in decision_rows])
    doomed_decisions = []
    for decision_id, case_id in decision_rows:
        if case_id in held_decision_cases:
            withheld.append({"kind": "decision", "id": decision_id,
                             "reason": f"case {case_id} is on legal hold"})
        else:
            doomed_decisions.append(decision_id)
    if doomed_decisions:
        con.execute("DELETE FROM decisions WHERE decision_id IN (SELECT unnest(?))",
                    [doomed_decisions])

    message_rows = con.execute(
        "SELECT message_id, case_id FROM outbox WHERE message_id IN (SELECT unnest(?))",
        [list(message_ids)]).fetchall() if message_ids else []
    held_message_cases = held_cases(con, [c for _, c in message_rows if c])
    doomed_messages = []
    for message_id, case_id in message_rows:
        if case_id and case_id in held_message_cases:
            withheld.append({"kind": "email", "id": message_id,
                             "reason": f"case {case_id} is on legal hold"})
        else:
            doomed_messages.append(message_id)
    if doomed_messages:
        con.execute("DELETE FROM outbox WHERE message_id IN (SELECT unnest(?))",
                    [doomed_messages])
    return {
        "deleted": {"mentions": mentions_deleted, "cases": cases_deleted,
                    "decisions": len(doomed_decisions), "emails": len(doomed_messages)},
        "withheld": withheld,
    }
