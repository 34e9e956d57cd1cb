"""Pupil roster hashes per school (never the names: see schoolwatch.privacy.pupils)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

import duckdb

from schoolwatch.privacy.pupils import RosterHash
from warehouse._util import bulk_insert

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def replace_roster(con: duckdb.DuckDBPyConnection, school_id: str,
                   roster: Sequence[RosterHash], now: datetime) -> int:
    """Make the stored hashes for a school exactly ``roster``; returns how many are stored."""
    for entry in roster:
        # Guard against a caller passing names instead of hashes.
        if not _HEX64.match(entry.name_hash):
            raise ValueError("pupil roster entries must be keyed hashes, not names")
    # Delete only what left the roster: re-inserting a deleted key in the same
    # transaction trips DuckDB's index.
    con.execute("DELETE FROM pupil_name_hashes WHERE school_id = ?"
                " AND name_hash NOT IN (SELECT unnest(?::VARCHAR[]))",
                [school_id, [e.name_hash for e in roster]])
    if roster:
        bulk_insert(con, "INSERT INTO pupil_name_hashes",
                    [[school_id, e.name_hash, e.token_count, now] for e in roster],
                    "ON CONFLICT DO NOTHING")
    return len(roster)


def remove_schools_except(con: duckdb.DuckDBPyConnection, school_ids: Sequence[str]) -> int:
    """Drop the hashes of schools no longer in the config."""
    count = con.execute("SELECT count(*) FROM pupil_name_hashes"
                        " WHERE school_id NOT IN (SELECT unnest(?))",
                        [list(school_ids)]).fetchone()[0]
    if count:
        con.execute("DELETE FROM pupil_name_hashes WHERE school_id NOT IN (SELECT unnest(?))",
                    [list(school_ids)])
    return count


def roster(con: duckdb.DuckDBPyConnection, school_id: str | None = None) -> list[RosterHash]:
    """Stored hashes for one school (or all schools)."""
    rows = con.execute("SELECT DISTINCT name_hash, token_count FROM pupil_name_hashes"
                       " WHERE (? IS NULL OR school_id = ?) ORDER BY name_hash",
                       [school_id, school_id]).fetchall()
    return [RosterHash(name_hash, token_count) for name_hash, token_count in rows]


def schools_with_hash(con: duckdb.DuckDBPyConnection, name_hash: str) -> list[str]:
    """Which schools' rosters hold this hash."""
    return [row[0] for row in con.execute(
        "SELECT school_id FROM pupil_name_hashes WHERE name_hash = ? ORDER BY school_id",
        [name_hash]).fetchall()]
