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

import duckdb

from warehouse import seen

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
