"""School matches: which school(s) each mention is about, by which alias, where."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb

from schoolwatch.domain import SchoolMatch
from warehouse._util import bulk_insert, rows_as_dicts, utcnow


def record(con: duckdb.DuckDBPyConnection,
           results: Mapping[str, Sequence[SchoolMatch]]) -> int:
    """Store match results (mention id -> matches, possibly empty). Idempotent."""
    if not results:
        return 0
    now = utcnow()
    bulk_insert(
        con, "INSERT INTO match_log",
        [[mid, now, len({m.school_id for m in ms})] for mid, ms in results.items()],
        "ON CONFLICT (mention_id) DO UPDATE SET matched_at = excluded.matched_at,"
        " school_count = excluded.school_count",
    )
    rows = []
    for mid, matches in results.items():
        first_per_school: dict[str, SchoolMatch] = {}
        for match in matches:
            first_per_school.setdefault(match.school_id, match)
        rows.extend([mid, m.school_id, m.alias, m.start, m.end]
                    for m in first_per_school.values())
    bulk_insert(con, "INSERT INTO school_matches", rows, "ON CONFLICT DO NOTHING")
    return len(rows)


def for_mention(con: duckdb.DuckDBPyConnection, mention_id: str) -> list[dict[str, Any]]:
    """The school matches of one mention."""
    return rows_as_dicts(con.execute(
        "SELECT school_id, alias, start_offset, end_offset FROM school_matches"
        " WHERE mention_id = ? ORDER BY school_id", [mention_id]))


def schools_for(con: duckdb.DuckDBPyConnection,
                mention_ids: Sequence[str]) -> dict[str, list[str]]:
    """Mention id -> ids of the schools it matched, for many mentions in one query."""
    found: dict[str, list[str]] = {mid: [] for mid in mention_ids}
    for mention_id, school_id in con.execute(
            "SELECT mention_id, school_id FROM school_matches"
            " WHERE mention_id IN (SELECT unnest(?)) ORDER BY mention_id, school_id",
            [list(mention_ids)]).fetchall():
        found[mention_id].append(school_id)
    return found
