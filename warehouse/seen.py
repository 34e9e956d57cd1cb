"""Hash-only records of posts whose content is gone, so dedup still recognises them.

When an unmatched post passes its retention period, a case is purged, or a
person's posts are erased, the full row leaves ``raw_mentions`` and a
``seen_items`` row stays: the mention id (a hash of source and id at the
source), the content hashes and when. ``warehouse.mentions.insert_raw`` asks
:func:`already_seen` so a rerun never stores the post again; only an unmatched
post whose text has since been edited is let back in, to be matched afresh.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import duckdb

from schoolwatch.domain import RawItem, sha256_text


def text_sha256(title: str, body: str) -> str:
    """Hash of a post's title and body only (raw records change with every vote)."""
    return sha256_text(f"{title}\x1f{body}")


def already_seen(con: duckdb.DuckDBPyConnection, items: Mapping[str, RawItem]) -> set[str]:
    """Mention ids among ``items`` that were reduced to a hash and must not come back."""
    if not items:
        return set()
    rows = con.execute(
        "SELECT mention_id, text_sha256, reason FROM seen_items"
        " WHERE mention_id IN (SELECT unnest(?))", [list(items)]).fetchall()
    skipped: set[str] = set()
    for mention_id, stored_text_hash, reason in rows:
        item = items[mention_id]
        edited = text_sha256(item.title, item.text) != stored_text_hash
        # An unmatched post edited to mention a school deserves a fresh look;
        # anything purged or erased stays out whatever happens to it.
        if not (reason == "unmatched" and edited):
            skipped.add(mention_id)
    return skipped


def reduce_mentions(con: duckdb.DuckDBPyConnection, mention_ids: Sequence[str], reason: str,
                    now: datetime) -> int:
    """Record hash-only rows for these mentions (before their content is deleted)."""
    if not mention_ids:
        return 0
    con.execute(
        """
        INSERT INTO seen_items (mention_id, source, content_sha256, text_sha256, reason,
                                first_seen_at, reduced_at)
        SELECT mention_id, source, content_sha256,
               sha256(title || chr(31) || body), ?, fetched_at, ?
        FROM raw_mentions WHERE mention_id IN (SELECT unnest(?))
        ON CONFLICT (mention_id) DO UPDATE SET reason = excluded.reason,
            content_sha256 = excluded.content_sha256, text_sha256 = excluded.text_sha256,
            reduced_at = excluded.reduced_at
        """, [reason, now, list(mention_ids)])
    return len(mention_ids)


def purge_older_than(con: duckdb.DuckDBPyConnection, cutoff: datetime) -> int:
    """Forget hash-only records reduced before ``cutoff`` (never erasure records)."""
    count = con.execute("SELECT count(*) FROM seen_items WHERE reduced_at < ?"
                        " AND reason <> 'erased'", [cutoff]).fetchone()[0]
    if count:
        con.execute("DELETE FROM seen_items WHERE reduced_at < ? AND reason <> 'erased'",
                    [cutoff])
    return count


def count(con: duckdb.DuckDBPyConnection) -> int:
    """How many hash-only records are kept."""
    return con.execute("SELECT count(*) FROM seen_items").fetchone()[0]
