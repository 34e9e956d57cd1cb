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
    bulk_insert(con, "INSERT INTO school_matches"
                " (mention_id, school_id, alias, start_offset, end_offset)",
                rows, "ON CONFLICT DO NOTHING")
    return len(rows)


def for_mention(con: duckdb.DuckDBPyConnection, mention_id: str) -> list[dict[str, Any]]:
    """The school matches of one mention."""
    return rows_as_dicts(con.execute(
        "SELECT school_id, alias, start_offset, end_offset, via FROM school_matches"
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


# Items that start a conversation; everything else replies to one.
THREAD_ROOT_KINDS = ("submission", "article")


def inherit_from_threads(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Replies inherit the school(s) their post or article names.

    Returns the replies that were about no school before and are now (a reply
    that already named another school, or gains two, is not a new match). They
    may include replies checked in an earlier run whose post arrived only now.

    A comment under "Beech Hill Primary's new head" is about Beech Hill even
    when it only says "she's been great". Only the thread's root counts, so a
    passing mention of a school deep in a long general thread does not pull
    the whole thread in. Inherited rows have ``via = 'thread'`` and no offsets.
    """
    rows = con.execute(
        """
        SELECT DISTINCT ON (reply.mention_id, s.school_id)
               reply.mention_id, s.school_id, s.alias,
               NOT EXISTS (SELECT 1 FROM school_matches y
                           WHERE y.mention_id = reply.mention_id) AS first_school
        FROM raw_mentions reply
        JOIN match_log l ON l.mention_id = reply.mention_id
        JOIN raw_mentions root ON root.thread_key = reply.thread_key
             AND root.mention_id <> reply.mention_id
             AND root.kind IN (SELECT unnest(?))
        JOIN school_matches s ON s.mention_id = root.mention_id AND s.via = 'text'
        WHERE reply.kind NOT IN (SELECT unnest(?))
          AND NOT EXISTS (SELECT 1 FROM school_matches x
                          WHERE x.mention_id = reply.mention_id AND x.school_id = s.school_id)
        ORDER BY reply.mention_id, s.school_id, s.alias
        """,
        [list(THREAD_ROOT_KINDS), list(THREAD_ROOT_KINDS)],
    ).fetchall()
    if not rows:
        return []
    bulk_insert(con, "INSERT INTO school_matches"
                " (mention_id, school_id, alias, start_offset, end_offset, via)",
                [[mid, school_id, alias, -1, -1, "thread"] for mid, school_id, alias, _ in rows],
                "ON CONFLICT DO NOTHING")
    con.execute(
        "UPDATE match_log SET school_count = c.n FROM (SELECT mention_id,"
        " count(DISTINCT school_id) AS n FROM school_matches GROUP BY mention_id) c"
        " WHERE match_log.mention_id = c.mention_id AND match_log.school_count <> c.n")
    return sorted({mid for mid, _, _, first_school in rows if first_school})
