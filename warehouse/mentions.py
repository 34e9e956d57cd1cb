"""Raw mentions: immutable capture of what each source gave us, with dedupe.

``insert_raw`` is idempotent: an item already stored (same source and
external id) is skipped, so a rerun or an overlapping search and stream never
duplicates a mention. Rows are never updated afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

from schoolwatch.domain import RawItem
from warehouse import seen
from warehouse._util import bulk_insert, rows_as_dicts, to_json, utcnow


def insert_raw(
    con: duckdb.DuckDBPyConnection, items: Iterable[RawItem], run_id: str | None = None
) -> list[str]:
    """Store new items; returns the mention ids that were new (already-seen ones are skipped)."""
    unique: dict[str, RawItem] = {}
    for item in items:
        # DuckDB keeps the first of two equal keys in one statement silently:
        # deduplicate the batch ourselves so the choice is explicit.
        unique.setdefault(item.mention_id, item)
    if not unique:
        return []
    ids = list(unique)
    existing = {
        row[0]
        for row in con.execute(
            "SELECT mention_id FROM raw_mentions WHERE mention_id IN (SELECT unnest(?))", [ids]
        ).fetchall()
    }
    # Posts reduced to a hash (unmatched, purged, erased) count as seen too.
    existing |= seen.already_seen(con, {m: i for m, i in unique.items() if m not in existing})
    fresh = [item for mid, item in unique.items() if mid not in existing]
    if not fresh:
        return []
    now = utcnow()
    bulk_insert(
        con,
        "INSERT INTO raw_mentions (mention_id, source, source_key, external_id, kind, url,"
        " canonical_url, thread_key, author, title, body, posted_at, fetched_at, raw_json,"
        " content_sha256, run_id)",
        [
            [
                item.mention_id, item.source, item.source_key, item.external_id, item.kind,
                item.url, item.canonical_url, item.thread_key or item.mention_id, item.author,
                item.title, item.text, item.posted_at, item.fetched_at or now,
                to_json(dict(item.raw)), item.content_sha256, run_id,
            ]
            for item in fresh
        ],
        "ON CONFLICT DO NOTHING",
    )
    return [item.mention_id for item in fresh]


def link_duplicates(con: duckdb.DuckDBPyConnection, mention_ids: Sequence[str]) -> int:
    """Link new mentions whose canonical URL (or content) equals another mention's.

    Which copy stays primary does not depend on which source happened to land
    first: a copy the matcher has already looked at (an earlier run's) comes
    first, then the longest title and text together (the most for the matcher
    and the classifier to read), then the mention id. A copy is linked only to
    a primary (never to another copy) that comes before it, so no loop can
    form, and whichever order the copies arrive in, once all are in (see
    :func:`link_unmatched_duplicates`) each group points at the same primary.
    Returns how many links were added.
    """
    if not mention_ids:
        return 0
    before = con.execute("SELECT count(*) FROM mention_links").fetchone()[0]
    con.execute(
        """
        WITH ranked AS (
            SELECT r.*, (l.mention_id IS NOT NULL) AS looked_at,
                   length(coalesce(r.title, '')) + length(r.body) AS text_length,
                   (r.mention_id IN (SELECT mention_id FROM mention_links)) AS is_copy
            FROM raw_mentions r LEFT JOIN match_log l USING (mention_id)
        )
        INSERT INTO mention_links (mention_id, duplicate_of, reason)
        SELECT m.mention_id, first.mention_id,
               CASE WHEN m.canonical_url IS NOT NULL AND m.canonical_url = first.canonical_url
                    THEN 'same_url' ELSE 'same_content' END
        FROM ranked m
        JOIN LATERAL (
            SELECT o.mention_id, o.canonical_url FROM ranked o
            WHERE o.mention_id <> m.mention_id AND NOT o.is_copy
              AND ((m.canonical_url IS NOT NULL AND o.canonical_url = m.canonical_url
                    AND o.kind = m.kind)
                   OR (o.content_sha256 = m.content_sha256 AND o.source <> m.source))
              AND (o.looked_at, o.text_length, m.mention_id)
                  > (m.looked_at, m.text_length, o.mention_id)
            ORDER BY o.looked_at DESC, o.text_length DESC, o.mention_id LIMIT 1
        ) first ON true
        WHERE m.mention_id IN (SELECT unnest(?))
          AND m.mention_id NOT IN (SELECT mention_id FROM mention_links)
        ON CONFLICT DO NOTHING
        """,
        [list(mention_ids)],
    )
    _flatten_links(con)
    return con.execute("SELECT count(*) FROM mention_links").fetchone()[0] - before


def _flatten_links(con: duckdb.DuckDBPyConnection) -> None:
    """Point copies of a copy straight at the primary (a later, better copy can take over).

    A link from a mention to itself is never written: it would hide the post
    from matching for good.
    """
    for _ in range(8):  # each round removes one level; groups are small
        chained = con.execute(
            """
            SELECT k.mention_id, k.duplicate_of, p.duplicate_of, k.reason
            FROM mention_links k JOIN mention_links p ON p.mention_id = k.duplicate_of
            """
        ).fetchall()
        if not chained:
            return
        con.executemany("DELETE FROM mention_links WHERE mention_id = ? AND duplicate_of = ?",
                        [(row[0], row[1]) for row in chained])
        con.executemany(
            "INSERT INTO mention_links (mention_id, duplicate_of, reason) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            [(row[0], row[2], row[3]) for row in chained if row[0] != row[2]])


def link_unmatched_duplicates(con: duckdb.DuckDBPyConnection) -> int:
    """Link every mention not yet matched (nor linked) that copies an earlier one.

    Sources are fetched concurrently and each links only its own new mentions as
    they land, against what is stored by then. A copy fetched earlier but stored
    later is not "earlier" for the one already stored, so neither got linked and
    the same article was matched twice: the count of links varied from run to run
    (0 or 4 in the demo). One pass over everything pending, once every source is
    in, links each group of copies to its primary (see :func:`link_duplicates`).
    """
    pending = [row[0] for row in con.execute(
        """
        SELECT m.mention_id FROM raw_mentions m
        LEFT JOIN match_log l USING (mention_id)
        LEFT JOIN mention_links k ON k.mention_id = m.mention_id
        WHERE l.mention_id IS NULL AND k.mention_id IS NULL
        """
    ).fetchall()]
    return link_duplicates(con, pending)


def unmatched(con: duckdb.DuckDBPyConnection, limit: int = 5000) -> list[dict[str, Any]]:
    """Mentions the matcher has not looked at yet (duplicates excluded).

    ``setting`` is where each was published (subreddit, feed name): local
    context that helps confirm an ambiguous school name.
    """
    cursor = con.execute(
        """
        SELECT m.mention_id, m.title, m.body,
               concat_ws(' ', json_extract_string(m.raw_json, '$.subreddit'),
                         s.display_name) AS setting
        FROM raw_mentions m
        LEFT JOIN connector_state s ON s.source_key = m.source_key
        LEFT JOIN match_log l USING (mention_id)
        LEFT JOIN mention_links k ON k.mention_id = m.mention_id
        WHERE l.mention_id IS NULL AND k.mention_id IS NULL
        ORDER BY m.fetched_at, m.mention_id LIMIT ?
        """,
        [limit],
    )
    return rows_as_dicts(cursor)


def get(con: duckdb.DuckDBPyConnection, mention_id: str) -> dict[str, Any] | None:
    """One mention with all its captured fields, or None."""
    rows = rows_as_dicts(con.execute("SELECT * FROM raw_mentions WHERE mention_id = ?",
                                     [mention_id]))
    return rows[0] if rows else None


def count(con: duckdb.DuckDBPyConnection) -> int:
    """How many mentions are stored."""
    return con.execute("SELECT count(*) FROM raw_mentions").fetchone()[0]


def export_rows(con: duckdb.DuckDBPyConnection, school_id: str | None = None,
                matched_only: bool = True) -> list[dict[str, Any]]:
    """Mentions with their schools and latest labels, for ``schoolwatch export``."""
    cursor = con.execute(
        """
        SELECT m.mention_id, m.source, m.kind, m.url, m.author, m.title, m.body,
               m.posted_at, m.fetched_at, m.content_sha256,
               list(DISTINCT s.school_id ORDER BY s.school_id)
                   FILTER (WHERE s.school_id IS NOT NULL) AS schools,
               any_value(c.labels) AS labels
        FROM raw_mentions m
        LEFT JOIN school_matches s USING (mention_id)
        LEFT JOIN latest_classifications c USING (mention_id)
        WHERE (? IS NULL OR s.school_id = ?)
        GROUP BY ALL
        HAVING NOT ? OR count(s.school_id) > 0
        ORDER BY m.fetched_at, m.mention_id
        """,
        [school_id, school_id, matched_only],
    )
    return rows_as_dicts(cursor)
