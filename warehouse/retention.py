"""The nightly retention run: purge what is due, pseudonymise authors, sync rosters.

:func:`apply_retention` is what the nightly flow calls. Each rule works on its
own and reports a count; nothing on hold (``cases.legal_hold``, an active row in
``evidence_holds``, or a mention in a held case) is touched. The periods come
from ``[retention]`` and each school's ``retention`` table; see
docs/data-protection.md for the rules in plain words.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import duckdb

from schoolwatch.privacy import pseudonyms
from schoolwatch.privacy.keys import load_secret_key
from schoolwatch.privacy.pupils import hash_roster
from warehouse import audit, cases, pupils, purge, seen
from warehouse._util import to_json
from warehouse.holds import HELD_CASES_SQL, HELD_MENTIONS_SQL

if TYPE_CHECKING:
    from schoolwatch.config import Config

RETENTION_ACTOR = "retention"
OPEN_STATUSES_EXCLUDED = ("dismissed", "resolved")


def _aware(now: datetime) -> datetime:
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def _school_cutoffs(config: Config, attribute: str, now: datetime) -> tuple[list[str],
                                                                            list[datetime]]:
    ids = [school.id for school in config.schools]
    cutoffs = [now - timedelta(days=getattr(school.retention, attribute))
               for school in config.schools]
    return ids, cutoffs


def reduce_unmatched(con: duckdb.DuckDBPyConnection, config: Config, now: datetime) -> int:
    """Unmatched posts older than the shortest ``unmatched_days`` become hash-only records."""
    days = min([config.retention.unmatched_days,
                *(s.retention.unmatched_days for s in config.schools)])
    cutoff = now - timedelta(days=days)
    ids = [row[0] for row in con.execute(
        f"""
        SELECT m.mention_id FROM raw_mentions m JOIN match_log l USING (mention_id)
        WHERE l.school_count = 0 AND m.fetched_at < ?
          AND m.mention_id NOT IN (SELECT mention_id FROM school_matches)
          AND m.mention_id NOT IN (SELECT mention_id FROM case_mentions)
          AND m.mention_id NOT IN ({HELD_MENTIONS_SQL})
        """, [cutoff]).fetchall()]  # noqa: S608 - fixed SQL fragment
    return _delete_unheld(con, ids, "unmatched", now)


def _delete_unheld(con: duckdb.DuckDBPyConnection, mention_ids: Sequence[str], reason: str,
                   now: datetime) -> int:
    if not mention_ids:
        return 0
    held = {row[0] for row in con.execute(HELD_MENTIONS_SQL).fetchall()}
    ids = [m for m in purge.with_duplicates(con, mention_ids) if m not in held]
    return purge.delete_mentions(con, ids, reason, now)


def _due_cases(con: duckdb.DuckDBPyConnection, config: Config, status: str, attribute: str,
               now: datetime) -> tuple[list[str], int]:
    """(cases due for purging, held cases that would otherwise be due)."""
    ids, cutoffs = _school_cutoffs(config, attribute, now)
    default_cutoff = now - timedelta(days=getattr(config.retention, attribute))
    rows = con.execute(
        f"""
        WITH periods AS (SELECT unnest(?::VARCHAR[]) AS school_id,
                                unnest(?::TIMESTAMPTZ[]) AS cutoff)
        SELECT c.case_id,
               c.case_id IN ({HELD_CASES_SQL}) OR EXISTS (
                   SELECT 1 FROM case_mentions cm WHERE cm.case_id = c.case_id
                   AND cm.mention_id IN ({HELD_MENTIONS_SQL})) AS held
        FROM cases c LEFT JOIN periods p USING (school_id)
        WHERE c.status = ? AND coalesce(c.closed_at, c.updated_at) < coalesce(p.cutoff, ?)
        ORDER BY c.case_id
        """, [ids, cutoffs, status, default_cutoff]).fetchall()  # noqa: S608 - fixed fragments
    due = [case_id for case_id, held in rows if not held]
    return due, sum(1 for _, held in rows if held)


def purge_cases(con: duckdb.DuckDBPyConnection, config: Config, status: str, attribute: str,
                reason: str, now: datetime) -> dict[str, int]:
    """Delete due cases of one status and the mentions left belonging to no case."""
    due, held = _due_cases(con, config, status, attribute, now)
    mention_ids = [row[0] for row in con.execute(
        "SELECT DISTINCT mention_id FROM case_mentions WHERE case_id IN (SELECT unnest(?))",
        [due]).fetchall()] if due else []
    # A post kept because another school's case still holds it must not be offered
    # to triage again for this school: that would rebuild the purged case as new.
    pairs = [(m, school) for m, school in con.execute(
        "SELECT cm.mention_id, c.school_id FROM case_mentions cm JOIN cases c USING (case_id)"
        " WHERE c.case_id IN (SELECT unnest(?))", [due]).fetchall()] if due else []
    cases_deleted = purge.delete_cases(con, due)
    cases.mark_triaged(con, pairs)
    mentions_deleted = _delete_unheld(con, purge.orphaned(con, mention_ids), reason, now)
    return {"cases": cases_deleted, "mentions": mentions_deleted, "held": held}


def purge_matched(con: duckdb.DuckDBPyConnection, config: Config, now: datetime) -> int:
    """Matched posts in no case, older than the longest period of the schools they name."""
    ids, cutoffs = _school_cutoffs(config, "raw_matched_days", now)
    default_cutoff = now - timedelta(days=config.retention.raw_matched_days)
    due = [row[0] for row in con.execute(
        f"""
        WITH periods AS (SELECT unnest(?::VARCHAR[]) AS school_id,
                                unnest(?::TIMESTAMPTZ[]) AS cutoff)
        SELECT m.mention_id FROM raw_mentions m
        JOIN school_matches s USING (mention_id)
        LEFT JOIN periods p ON p.school_id = s.school_id
        WHERE m.mention_id NOT IN (SELECT mention_id FROM case_mentions)
          AND m.mention_id NOT IN ({HELD_MENTIONS_SQL})
        GROUP BY m.mention_id, m.fetched_at
        HAVING m.fetched_at < min(coalesce(p.cutoff, ?))
        """, [ids, cutoffs, default_cutoff]).fetchall()]  # noqa: S608 - fixed fragment
    return _delete_unheld(con, due, "matched_expired", now)


def purge_outbox(con: duckdb.DuckDBPyConnection, config: Config, now: datetime) -> int:
    """Sent or failed emails older than ``outbox_days``.

    Kept regardless: emails about held cases, and the alerts of cases still open,
    whose rows are what stops the same alert going out a second time.
    """
    cutoff = now - timedelta(days=config.retention.outbox_days)
    open_alerts = ("kind = 'alert' AND case_id IN"
                   " (SELECT case_id FROM cases WHERE status NOT IN ('dismissed', 'resolved'))")
    where = ("status IN ('sent', 'failed') AND created_at < ?"  # noqa: S608 - fixed fragments
             f" AND (case_id IS NULL OR case_id NOT IN ({HELD_CASES_SQL}))"
             f" AND NOT ({open_alerts})")
    count = con.execute(f"SELECT count(*) FROM outbox WHERE {where}",  # noqa: S608 - fixed
                        [cutoff]).fetchone()[0]
    if count:
        con.execute(f"DELETE FROM outbox WHERE {where}", [cutoff])  # noqa: S608 - fixed
    return count


def pseudonymise_authors(con: duckdb.DuckDBPyConnection, key: bytes) -> int:
    """Replace author handles with pseudonyms on settled posts outside open or held cases.

    A post is settled when triage has looked at it for every school it names
    (it needed no case, or its cases are closed). Open cases keep the real
    handle: staff need it to report the post or talk to the parent.
    """
    rows = con.execute(
        f"""
        WITH unsettled AS (
            SELECT cm.mention_id FROM case_mentions cm JOIN cases c USING (case_id)
            WHERE c.status NOT IN ('dismissed', 'resolved')
            UNION {HELD_MENTIONS_SQL}
        ),
        settled AS (
            SELECT s.mention_id FROM school_matches s
            GROUP BY s.mention_id
            HAVING bool_and(
                EXISTS (SELECT 1 FROM triage_log t WHERE t.mention_id = s.mention_id
                        AND t.school_id = s.school_id)
                OR EXISTS (SELECT 1 FROM case_mentions cm JOIN cases c USING (case_id)
                           WHERE cm.mention_id = s.mention_id AND c.school_id = s.school_id))
        )
        SELECT m.mention_id, m.author, m.raw_json FROM raw_mentions m
        LEFT JOIN mention_links l ON l.mention_id = m.mention_id
        WHERE m.author IS NOT NULL AND m.author <> ''
          AND NOT regexp_full_match(m.author, 'anon-[0-9a-f]{{16}}')
          AND coalesce(l.duplicate_of, m.mention_id) IN (SELECT mention_id FROM settled)
          AND m.mention_id NOT IN (SELECT mention_id FROM unsettled)
          AND coalesce(l.duplicate_of, m.mention_id) NOT IN (SELECT mention_id FROM unsettled)
        """).fetchall()  # noqa: S608 - fixed fragments
    updates: dict[str, tuple[str, str | None, str]] = {}
    for mention_id, author, raw_json in rows:
        pseudonym = pseudonyms.pseudonym_for(author, key)
        raw = json.loads(raw_json) if raw_json else None
        scrubbed = pseudonyms.scrub_raw_record(raw, author, pseudonym) if raw is not None \
            else None
        updates[mention_id] = (pseudonym, to_json(scrubbed) if raw is not None else None,
                               mention_id)
    if updates:
        # The dashboard's per-case digests quote authors: drop them to be rebuilt.
        purge.forget_case_digests(con, list(updates))
        # One set-based UPDATE: executemany costs a round trip per row.
        authors, raws, ids = (list(column) for column in zip(*updates.values(), strict=True))
        con.execute(
            """
            UPDATE raw_mentions SET author = u.author, raw_json = u.raw_json
            FROM (SELECT unnest(?::VARCHAR[]) AS author, unnest(?::VARCHAR[]) AS raw_json,
                         unnest(?::VARCHAR[]) AS mention_id) u
            WHERE raw_mentions.mention_id = u.mention_id
            """, [authors, raws, ids])
    return len(updates)


def sync_pupil_rosters(con: duckdb.DuckDBPyConnection, config: Config, key: bytes,
                       now: datetime) -> int:
    """Store each school's roster as keyed hashes; returns how many hashes are stored."""
    stored = 0
    for school in config.schools:
        stored += pupils.replace_roster(con, school.id, hash_roster(school.pupils, key), now)
    pupils.remove_schools_except(con, [school.id for school in config.schools])
    return stored


def apply_retention(con: duckdb.DuckDBPyConnection, config: Config, now: datetime | None = None,
                    *, key: bytes | None = None) -> dict[str, int]:
    """Run every retention and minimisation rule once; returns counts per rule.

    ``con`` should be a write session (``Warehouse.write()``), so the whole run
    commits or rolls back together. ``key`` defaults to the install's secret
    key (``$SCHOOLWATCH_SECRET_KEY`` or the key file beside the warehouse).
    The counts are also written to the audit log.
    """
    now = _aware(now or datetime.now(UTC))
    key = key if key is not None else load_secret_key(config.warehouse_path)
    counts: dict[str, int] = {"unmatched_reduced": reduce_unmatched(con, config, now)}
    dismissed = purge_cases(con, config, "dismissed", "dismissed_days", "dismissed_case", now)
    closed = purge_cases(con, config, "resolved", "closed_case_days", "closed_case", now)
    counts.update({
        "dismissed_cases_purged": dismissed["cases"],
        "closed_cases_purged": closed["cases"],
        "case_mentions_purged": dismissed["mentions"] + closed["mentions"],
        "held_cases_kept": dismissed["held"] + closed["held"],
        "matched_mentions_purged": purge_matched(con, config, now),
        "outbox_purged": purge_outbox(con, config, now),
        "seen_items_purged": seen.purge_older_than(
            con, now - timedelta(days=config.retention.seen_days)),
        "authors_pseudonymised": pseudonymise_authors(con, key),
        "pupil_hashes": sync_pupil_rosters(con, config, key, now),
    })
    audit.log(con, RETENTION_ACTOR, "retention.apply", "warehouse", None, dict(counts))
    return counts
