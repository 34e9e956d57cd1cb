"""The dashboard inbox: filtered, paginated cases with counts per status.

Filters are combined from fixed SQL fragments with bound parameters; user
text never becomes SQL. Source filter, text search and the preview of each
row read the per-case digests (``warehouse.case_digests``), not the mentions
table; text search is a case-insensitive substring match (DuckDB's fts
extension is not available here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb

from warehouse._lists import placeholders
from warehouse._util import rows_as_dicts
from warehouse.review import OPEN_STATUSES

PAGE_SIZE = 50
_DIGEST_COLUMNS = ("case_id, mention_count, sources, first_title, first_snippet,"
                   " last_seen_at")


@dataclass(frozen=True)
class InboxQuery:
    """What the inbox shows.

    ``schools`` limits the cases to those schools (None: all). ``status`` is a
    case status, ``"open"`` (new, confirmed, actioned) or ``"all"``. When
    ``hide_safeguarding`` is set (the viewer may only know a safeguarding case
    exists), label, source and text filters never match safeguarding cases, so
    they cannot be used to probe what such a case contains.
    """

    schools: Sequence[str] | None = None
    school: str | None = None
    label: str | None = None
    source: str | None = None
    status: str = "open"
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = None
    page: int = 1
    page_size: int = PAGE_SIZE
    hide_safeguarding: bool = False


@dataclass(frozen=True)
class InboxPage:
    """One page of the inbox."""

    cases: list[dict[str, Any]]
    status_counts: dict[str, int]
    total: int
    page: int
    pages: int


def _conditions(query: InboxQuery) -> tuple[list[str], list[Any]]:
    """WHERE fragments (constants) and their parameters, excluding the status filter."""
    where: list[str] = []
    params: list[Any] = []
    guard = " AND NOT k.safeguarding" if query.hide_safeguarding else ""
    if query.schools is not None:
        where.append("k.school_id IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(query.schools))
    if query.school:
        where.append("k.school_id = ?")
        params.append(query.school)
    if query.label:
        where.append("list_contains(k.labels, ?)" + guard)
        params.append(query.label)
    if query.source:
        where.append("k.case_id IN (SELECT case_id FROM case_digests"  # noqa: S608
                     " WHERE list_contains(sources, ?))" + guard)
        params.append(query.source)
    if query.date_from:
        where.append("k.updated_at >= ?")
        params.append(query.date_from)
    if query.date_to:
        where.append("k.updated_at < ?")
        params.append(query.date_to + timedelta(days=1))
    if query.text and query.text.strip():
        needle = query.text.strip().lower()
        where.append("(contains(lower(k.reason), ?) OR k.case_id IN ("  # noqa: S608
                     " SELECT case_id FROM case_digests WHERE contains(search_text, ?)))" + guard)
        params.extend([needle, needle])
    return where, params


def _status_condition(status: str) -> tuple[str | None, list[Any]]:
    """The status filter over the already-filtered cases (``status`` unqualified)."""
    if status == "all":
        return None, []
    statuses = list(OPEN_STATUSES) if status == "open" else [status]
    return "status IN (SELECT unnest(?::VARCHAR[]))", [statuses]


def inbox(con: duckdb.DuckDBPyConnection, query: InboxQuery) -> InboxPage:
    """Cases matching the query, most severe first, with per-status counts.

    One statement reads the filtered cases once (a text search scans every
    case digest, the costly part) and returns both the page and the counts
    per status. Asking for a page past the end shows the last page.
    """
    where, params = _conditions(query)
    page = max(1, query.page)
    rows, counts = _page_and_counts(con, where, params, query, page)
    total = _total(counts, query.status)
    pages = max(1, -(-total // query.page_size))
    if page > pages:
        page = pages
        rows, counts = _page_and_counts(con, where, params, query, page)
    _attach_previews(con, rows)
    return InboxPage(cases=rows, status_counts=counts, total=total, page=page, pages=pages)


def _total(counts: dict[str, int], status: str) -> int:
    if status == "all":
        return sum(counts.values())
    if status == "open":
        return sum(counts.get(s, 0) for s in OPEN_STATUSES)
    return counts.get(status, 0)


def _page_and_counts(con: duckdb.DuckDBPyConnection, where: list[str], params: list[Any],
                     query: InboxQuery, page: int) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The page's case rows and the per-status counts, from one scan of the filtered cases."""
    base_where = " AND ".join(where) if where else "true"
    status_sql, status_params = _status_condition(query.status)
    status_filter = f"WHERE {status_sql}" if status_sql else ""
    result = rows_as_dicts(con.execute(
        f"""
        WITH f AS MATERIALIZED (
            SELECT k.case_id, k.school_id, k.status, k.action, k.severity, k.reason, k.clause,
                   k.labels, k.safeguarding, k.assigned_to, k.opened_at, k.updated_at
            FROM cases k WHERE {base_where}),
        page AS (
            SELECT * FROM f {status_filter}
            ORDER BY severity DESC, updated_at DESC, case_id
            LIMIT ? OFFSET ?)
        SELECT NULL::VARCHAR AS count_status, NULL::BIGINT AS count_cases, * FROM page
        UNION ALL BY NAME
        SELECT status AS count_status, count(*) AS count_cases FROM f GROUP BY status
        ORDER BY count_status NULLS FIRST, severity DESC, updated_at DESC, case_id
        """,  # noqa: S608 - fixed fragments, parameters bound
        [*params, *status_params, query.page_size, (page - 1) * query.page_size]))
    counts = {r["count_status"]: r["count_cases"] for r in result if r["count_status"] is not None}
    rows = [r for r in result if r["count_status"] is None]
    for row in rows:
        del row["count_status"], row["count_cases"]
    return rows, counts


def _attach_previews(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Add each case's post count, sources and first post (from its digest)."""
    if not rows:
        return
    ids = [row["case_id"] for row in rows]
    sql = f"SELECT {_DIGEST_COLUMNS} FROM case_digests WHERE case_id IN ({placeholders(ids)})"  # noqa: S608
    digests = {d["case_id"]: d for d in rows_as_dicts(con.execute(sql, ids))}
    for row in rows:
        digest = digests.get(row["case_id"])
        row["mention_count"] = digest["mention_count"] if digest else 0
        row["sources"] = list(digest["sources"]) if digest else []
        row["first_post"] = ({"title": digest["first_title"], "snippet": digest["first_snippet"]}
                             if digest and digest["mention_count"] else None)
        row["last_seen_at"] = digest["last_seen_at"] if digest else None


def sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Source names that have run (for the filter menu); cheap, unlike scanning mentions."""
    return [r[0] for r in con.execute(
        "SELECT DISTINCT source FROM connector_state ORDER BY 1").fetchall()]
