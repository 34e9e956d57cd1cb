"""Case digests: the per-case summary the inbox lists, filters by source and searches.

Looking up each case's posts among a million mentions costs an index load
and a scan per page; a 50,000-row digest table does not. Digests are derived
data: :func:`refresh` rebuilds the rows of cases that are new or whose
``updated_at`` moved on (the flow bumps it whenever it adds a post), so a
refresh with nothing to do is one small anti-join.
"""

from __future__ import annotations

import duckdb

# Search text kept per case (characters); long threads are searched in their first part.
MAX_SEARCH_TEXT = 50_000
SNIPPET_LENGTH = 280


def refresh(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild missing or stale digests; returns how many were rebuilt."""
    con.execute(
        """
        DELETE FROM case_digests WHERE case_id IN (
            SELECT d.case_id FROM case_digests d LEFT JOIN cases k USING (case_id)
            WHERE k.case_id IS NULL OR d.refreshed_at < k.updated_at)
        """)
    before = con.execute("SELECT count(*) FROM case_digests").fetchone()[0]
    con.execute(
        """
        INSERT INTO case_digests
        SELECT k.case_id, k.updated_at, count(m.mention_id),
               coalesce(list(DISTINCT m.source ORDER BY m.source)
                        FILTER (WHERE m.source IS NOT NULL), []),
               arg_min(m.title, coalesce(m.posted_at, m.fetched_at)),
               arg_min(left(m.body, ?), coalesce(m.posted_at, m.fetched_at)),
               min(coalesce(m.posted_at, m.fetched_at)),
               max(coalesce(m.posted_at, m.fetched_at)),
               left(lower(coalesce(string_agg(
                   m.title || ' ' || m.body || ' ' || coalesce(m.author, ''), ' '), '')), ?)
        FROM cases k
        LEFT JOIN case_mentions cm ON cm.case_id = k.case_id
        LEFT JOIN raw_mentions m ON m.mention_id = cm.mention_id
        WHERE k.case_id NOT IN (SELECT case_id FROM case_digests)
        GROUP BY k.case_id, k.updated_at
        """, [SNIPPET_LENGTH, MAX_SEARCH_TEXT])
    return con.execute("SELECT count(*) FROM case_digests").fetchone()[0] - before
