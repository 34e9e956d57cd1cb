"""Deleting mentions and cases everywhere they appear, leaving a hash for dedup.

Retention and erasure both come here. Rather than list every table by hand
(other rooms add their own), deletion reaches every table that has a
``mention_id`` (or ``case_id``) column, except the audit log, which is
append-only, and ``seen_items``, which is what stays behind. Callers decide
what is due and must already have left out anything on hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import duckdb

from warehouse import seen
from warehouse._util import from_json, to_json

# Never deleted from here: the audit log is append-only; seen_items is the
# hash-only record that must outlive the content; holds are their own record.
_PROTECTED = {"audit_log", "seen_items", "evidence_holds", "schema_migrations"}


def tables_with_column(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    """Base tables in the main schema with this column, protected tables excluded."""
    rows = con.execute(
        """
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables t
          ON t.table_name = c.table_name AND t.table_schema = c.table_schema
        WHERE c.column_name = ? AND c.table_schema = 'main' AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name
        """, [column]).fetchall()
    return [row[0] for row in rows if row[0] not in _PROTECTED]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def with_duplicates(con: duckdb.DuckDBPyConnection, mention_ids: Iterable[str]) -> list[str]:
    """The mentions plus every later copy linked to them (same article by another route)."""
    ids = sorted(set(mention_ids))
    if not ids:
        return []
    copies = [row[0] for row in con.execute(
        "SELECT mention_id FROM mention_links WHERE duplicate_of IN (SELECT unnest(?))",
        [ids]).fetchall()]
    return sorted(set(ids) | set(copies))


def delete_mentions(con: duckdb.DuckDBPyConnection, mention_ids: Sequence[str], reason: str,
                    now: datetime) -> int:
    """Delete these mentions' content and everything derived from it; keep a hash row.

    Returns how many stored mentions were deleted.
    """
    ids = sorted(set(mention_ids))
    if not ids:
        return 0
    present = [row[0] for row in con.execute(
        "SELECT mention_id FROM raw_mentions WHERE mention_id IN (SELECT unnest(?))",
        [ids]).fetchall()]
    seen.reduce_mentions(con, present, reason, now)
    forget_case_digests(con, ids)
    redact_explanations(con, ids)
    for table in tables_with_column(con, "mention_id"):
        if table == "raw_mentions":
            continue
        con.execute(f"DELETE FROM {_quote(table)} WHERE mention_id IN (SELECT unnest(?))",  # noqa: S608 - names from the catalogue
                    [ids])
    con.execute("DELETE FROM mention_links WHERE duplicate_of IN (SELECT unnest(?))", [ids])
    con.execute("DELETE FROM raw_mentions WHERE mention_id IN (SELECT unnest(?))", [ids])
    return len(present)


def forget_case_digests(con: duckdb.DuckDBPyConnection, mention_ids: Sequence[str]) -> None:
    """Drop the dashboard digests (snippet, search text) of cases holding these posts.

    They quote post text and authors; the dashboard rebuilds missing digests
    from what is left, so erased or pseudonymised data does not linger there.
    """
    con.execute(
        "DELETE FROM case_digests WHERE case_id IN (SELECT case_id FROM case_mentions"
        " WHERE mention_id IN (SELECT unnest(?)))", [list(mention_ids)])


ERASED = "(erased)"


def redact_explanations(con: duckdb.DuckDBPyConnection, mention_ids: Sequence[str]) -> int:
    """Remove what the policy engine's stored explanations quote from these posts.

    An explanation keeps, per post, its URL, the words that showed the
    author's role and special-rule cues, and rule evidence quoting them. When
    a post is deleted but its case stays (other posts keep it), those quotes
    must go too. Labels, scores, rules and clauses stay: they are the case's
    reasoning, not the post's content. Returns how many explanations changed.
    """
    doomed = set(mention_ids)
    if not doomed:
        return 0
    rows = con.execute(
        "SELECT explanation_id, explanation FROM policy_explanations WHERE case_id IN ("
        " SELECT case_id FROM case_mentions WHERE mention_id IN (SELECT unnest(?)))",
        [sorted(doomed)]).fetchall()
    changed_ids: list[int] = []
    changed_json: list[str] = []
    for explanation_id, text in rows:
        explanation = from_json(text)
        if _redact_explanation(explanation, doomed):
            changed_ids.append(explanation_id)
            changed_json.append(to_json(explanation))
    if changed_ids:
        con.execute(
            """
            UPDATE policy_explanations SET explanation = u.explanation::JSON
            FROM (SELECT unnest(?::BIGINT[]) AS explanation_id,
                         unnest(?::VARCHAR[]) AS explanation) u
            WHERE policy_explanations.explanation_id = u.explanation_id
            """, [changed_ids, changed_json])
    return len(changed_ids)


def _redact_explanation(explanation: dict[str, Any], doomed: set[str]) -> bool:
    changed = False
    for facts in explanation.get("inputs") or []:
        if facts.get("mention_id") in doomed and not facts.get("erased"):
            facts["url"] = ERASED
            author = facts.get("author") or {}
            if author.get("cue"):
                author["cue"] = ERASED
            author.pop("start", None)  # where the cue sat in the post says something too
            author.pop("end", None)
            facts["cues"] = {name: [ERASED] for name in facts.get("cues") or {}}
            facts["erased"] = True
            changed = True
    for hit in [*(explanation.get("hits") or []), explanation.get("winner") or {}]:
        if hit.get("mention_id") in doomed and any(
                not item.startswith("label ") for item in hit.get("evidence") or []):
            hit["evidence"] = [item if item.startswith("label ") else ERASED
                               for item in hit["evidence"]]
            changed = True
    return changed


def delete_cases(con: duckdb.DuckDBPyConnection, case_ids: Sequence[str]) -> int:
    """Delete cases with their decisions, emails and links to mentions (not the mentions)."""
    ids = sorted(set(case_ids))
    if not ids:
        return 0
    for table in tables_with_column(con, "case_id"):
        if table == "cases":
            continue
        con.execute(f"DELETE FROM {_quote(table)} WHERE case_id IN (SELECT unnest(?))",  # noqa: S608 - names from the catalogue
                    [ids])
    deleted = con.execute("SELECT count(*) FROM cases WHERE case_id IN (SELECT unnest(?))",
                          [ids]).fetchone()[0]
    con.execute("DELETE FROM cases WHERE case_id IN (SELECT unnest(?))", [ids])
    return deleted


def orphaned(con: duckdb.DuckDBPyConnection, mention_ids: Iterable[str]) -> list[str]:
    """Those of ``mention_ids`` that belong to no case any more."""
    ids = sorted(set(mention_ids))
    if not ids:
        return []
    return [row[0] for row in con.execute(
        "SELECT unnest AS mention_id FROM unnest(?::VARCHAR[])"
        " WHERE unnest NOT IN (SELECT mention_id FROM case_mentions)", [ids]).fetchall()]
