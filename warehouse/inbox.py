"""The dashboard inbox: filtered, paginated cases with counts per status.

Filters are combined from fixed SQL fragments with bound parameters; user
text never becomes SQL. Text search uses ILIKE over the posts of each case
(DuckDB's fts extension is not available here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb

from warehouse._lists import MAX_INDEXED_VALUES, placeholders
from warehouse._util import rows_as_dicts
from warehouse.review import OPEN_STATUSES

PAGE_SIZE = 50
_PREVIEW_COLUMNS = ("mention_id, source, kind, url, author, title, left(body, 280) AS snippet,"
                    " coalesce(posted_at, fetched_at) AS seen_at")


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


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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
        where.append("k.case_id IN (SELECT cm.case_id FROM case_mentions cm"  # noqa: S608
                     " JOIN raw_mentions m USING (mention_id) WHERE m.source = ?)" + guard)
        params.append(query.source)
    if query.date_from:
        where.append("k.updated_at >= ?")
        params.append(query.date_from)
    if query.date_to:
        where.append("k.updated_at < ?")
        params.append(query.date_to + timedelta(days=1))
    if query.text and query.text.strip():
        pattern = _like_pattern(query.text.strip())
        where.append(
            "(k.reason ILIKE ? ESCAPE '\\' OR k.case_id IN ("  # noqa: S608 - constants
            " SELECT cm.case_id FROM case_mentions cm JOIN raw_mentions m USING (mention_id)"
            " WHERE m.body ILIKE ? ESCAPE '\\' OR m.title ILIKE ? ESCAPE '\\'"
            " OR m.author ILIKE ? ESCAPE '\\'))" + guard)
        params.extend([pattern] * 4)
    return where, params


def _status_condition(status: str) -> tuple[str | None, list[Any]]:
    if status == "all":
        return None, []
    statuses = list(OPEN_STATUSES) if status == "open" else [status]
    return "k.status IN (SELECT unnest(?::VARCHAR[]))", [statuses]


def inbox(con: duckdb.DuckDBPyConnection, query: InboxQuery) -> InboxPage:
    """Cases matching the query, most severe first, with per-status counts."""
    where, params = _conditions(query)
    base_where = " AND ".join(where) if where else "true"
    counts = {row[0]: row[1] for row in con.execute(
        f"SELECT k.status, count(*) FROM cases k WHERE {base_where} GROUP BY k.status",  # noqa: S608 - fixed fragments
        params).fetchall()}
    status_sql, status_params = _status_condition(query.status)
    page_where = base_where + (f" AND {status_sql}" if status_sql else "")
    if query.status == "all":
        total = sum(counts.values())
    elif query.status == "open":
        total = sum(counts.get(s, 0) for s in OPEN_STATUSES)
    else:
        total = counts.get(query.status, 0)
    pages = max(1, -(-total // query.page_size))
    page = min(max(1, query.page), pages)
    rows = rows_as_dicts(con.execute(
        f"""
        SELECT k.case_id, k.school_id, k.status, k.action, k.severity, k.reason, k.clause,
               k.labels, k.safeguarding, k.assigned_to, k.opened_at, k.updated_at
        FROM cases k WHERE {page_where}
        ORDER BY k.severity DESC, k.updated_at DESC, k.case_id
        LIMIT ? OFFSET ?
        """,  # noqa: S608 - fixed fragments, parameters bound
        [*params, *status_params, query.page_size, (page - 1) * query.page_size]))
    _attach_previews(con, rows)
    return InboxPage(cases=rows, status_counts=counts, total=total, page=page, pages=pages)


def _attach_previews(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Add each case's first post (title, snippet, source) and post count."""
    if not rows:
        return
    ids = [row["case_id"] for row in rows]
    links = con.execute(
        f"SELECT case_id, mention_id FROM case_mentions WHERE case_id IN ({placeholders(ids)})",  # noqa: S608 - only ? marks
        ids).fetchall()
    mention_ids = [m for _, m in links][:MAX_INDEXED_VALUES]
    sql = f"SELECT {_PREVIEW_COLUMNS} FROM raw_mentions WHERE mention_id IN ({placeholders(mention_ids)})"  # noqa: S608, E501
    mentions = {r["mention_id"]: r for r in rows_as_dicts(con.execute(sql, mention_ids))}
    by_case: dict[str, list[dict[str, Any]]] = {}
    for case_id, mention_id in links:
        if mention_id in mentions:
            by_case.setdefault(case_id, []).append(mentions[mention_id])
    for row in rows:
        posts = sorted(by_case.get(row["case_id"], []),
                       key=lambda m: (m["seen_at"] is None, m["seen_at"], m["mention_id"]))
        row["mention_count"] = len(posts)
        row["sources"] = sorted({p["source"] for p in posts})
        row["first_post"] = posts[0] if posts else None
        row["last_seen_at"] = max((p["seen_at"] for p in posts if p["seen_at"]), default=None)


def sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Source names that have run (for the filter menu); cheap, unlike scanning mentions."""
    return [r[0] for r in con.execute(
        "SELECT DISTINCT source FROM connector_state ORDER BY 1").fetchall()]
