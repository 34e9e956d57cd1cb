"""Synthetic warehouse contents for benchmarks, generated inside DuckDB (seconds, not minutes).

Fills a warehouse with ``mentions`` posts of which every fifth is matched to a
school and classified, grouped into ``cases`` cases (about four posts each),
with statuses, decisions and audit entries spread over a year. The text is
word salad from a fixed vocabulary: it exists to be scanned, not read.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

_WORDS = (
    "school", "teacher", "parents", "homework", "uniform", "head", "office", "pupils",
    "trip", "lunch", "bus", "gate", "detention", "policy", "meeting", "governors", "report",
    "class", "year", "term", "sports", "fair", "complaint", "great", "awful", "rude",
    "brilliant", "unfair", "again", "today", "playground", "letter", "email", "phone",
    "website", "nursery", "reception", "assembly", "concert", "library",
)
_LABEL_SETS = (
    ["criticism"], ["abusive"], ["abusive", "names_staff"], ["criticism"], ["threat"],
    ["defamatory", "names_staff"], ["identifies_pupil", "personal_data"], ["criticism"],
    ["hate"], ["safeguarding", "identifies_pupil"],
)
_STATUSES = ("new", "new", "new", "new", "confirmed", "actioned", "dismissed", "dismissed",
             "resolved", "resolved")


def fill_synthetic(con: duckdb.DuckDBPyConnection, school_ids: Sequence[str],
                   mentions: int = 1_000_000, cases: int = 50_000) -> dict[str, int]:
    """Insert synthetic rows; returns row counts per table. Use on an empty warehouse."""
    schools = list(school_ids)
    params = {"n": mentions, "ncases": cases, "words": list(_WORDS), "schools": schools,
              "nschools": len(schools), "label_sets": [list(s) for s in _LABEL_SETS],
              "statuses": list(_STATUSES)}
    con.execute(
        """
        INSERT INTO raw_mentions
        SELECT md5('bench-' || i)[1:32], CASE WHEN i % 3 = 0 THEN 'reddit' ELSE 'feed' END,
               CASE WHEN i % 3 = 0 THEN 'reddit:search' ELSE 'feed:bench-' || (i % 20) END,
               'bench-' || i, CASE WHEN i % 3 = 0 THEN 'comment' ELSE 'feed_comment' END,
               'https://example.org/post/' || i, NULL,
               CASE WHEN i % 5 = 0 THEN 'bench-thread-' || ((i // 5) % $ncases)
                    ELSE 'bench-t-' || i END,
               'user_' || (hash(i) % 50000),
               CASE WHEN i % 4 = 0 THEN 'Post number ' || i ELSE '' END,
               array_to_string(list_transform(range(24),
                   lambda j: $words[((hash(i * 31 + j) % len($words)) + 1)::INTEGER]), ' '),
               now() - to_minutes((i * 7919 % 525600)::BIGINT),
               now() - to_minutes((i * 7919 % 525600)::BIGINT) + INTERVAL 20 MINUTE,
               '{}', md5('content-' || i) || md5('sha-' || i), 'bench-run'
        FROM range($n) t(i)
        """, {k: params[k] for k in ("n", "ncases", "words")})
    con.execute(
        """
        INSERT INTO school_matches (mention_id, school_id, alias, start_offset, end_offset)
        SELECT md5('bench-' || i)[1:32],
               $schools[(((i // 5) % $ncases) % $nschools) + 1], 'alias', 0, 6
        FROM range(0, $n, 5) t(i)
        """, {k: params[k] for k in ("n", "ncases", "schools", "nschools")})
    con.execute(
        """
        INSERT INTO match_log SELECT mention_id, now(), 1 FROM school_matches
        """)
    con.execute(
        """
        INSERT INTO classifications
        SELECT md5('bench-' || i)[1:32], 'bench-model',
               json_object('abusive', (hash(i) % 100) / 100.0, 'criticism',
                           (hash(i + 1) % 100) / 100.0),
               $label_sets[(((i // 5) % $ncases) % len($label_sets)) + 1],
               '[{"kind": "staff_name", "start": 0, "end": 6, "text": "school"}]',
               now() - INTERVAL 1 DAY
        FROM range(0, $n, 5) t(i)
        """, {k: params[k] for k in ("n", "ncases", "label_sets")})
    con.execute(
        """
        INSERT INTO cases (case_id, school_id, thread_key, status, action, severity, reason,
                           clause, policy, flags, labels, safeguarding, assigned_to, opened_at,
                           updated_at, closed_at)
        SELECT md5('bench-case-' || j)[1:16], $schools[(j % $nschools) + 1],
               'bench-thread-' || j, $statuses[((hash(j) % len($statuses)) + 1)::INTEGER],
               'request_removal', (j * 7) % 5, 'Synthetic case ' || j, '4.2 Example clause',
               'Benchmark policy', [], $label_sets[(j % len($label_sets)) + 1],
               j % len($label_sets) = 9, NULL,
               now() - to_minutes((j * 104729 % 525600)::BIGINT),
               now() - to_minutes((j * 104729 % 525600)::BIGINT) + INTERVAL 3 HOUR, NULL
        FROM range($ncases) t(j)
        """, {k: params[k] for k in ("ncases", "schools", "nschools", "statuses", "label_sets")})
    con.execute(
        """
        INSERT INTO case_mentions
        SELECT md5('bench-case-' || ((i // 5) % $ncases))[1:16], md5('bench-' || i)[1:32], now()
        FROM range(0, $n, 5) t(i)
        """, {"n": mentions, "ncases": cases})
    con.execute(
        """
        INSERT INTO decisions
        SELECT md5('bench-decision-' || case_id), case_id, 'bench.user',
               CASE status WHEN 'dismissed' THEN 'dismiss' WHEN 'resolved' THEN 'resolve'
                           ELSE 'confirm' END,
               '{"wrong_labels": ["abusive"]}', updated_at
        FROM cases WHERE status <> 'new'
        """)
    con.execute(
        """
        INSERT INTO audit_log (logged_at, actor, action, object_type, object_id, detail)
        SELECT now() - to_minutes(i % 525600), 'bench.user', 'viewed_case', 'case',
               md5('bench-case-' || (i % $ncases))[1:16], '{}'
        FROM range(200000) t(i)
        """, {"ncases": cases})
    con.execute(
        """
        INSERT INTO connector_state (source_key, source, display_name, last_attempt_at,
            last_success_at, consecutive_failures, items_fetched, last_items, healthy)
        SELECT 'feed:bench-' || i, 'feed', 'Benchmark feed ' || i, now(), now(), 0, 1000, 10,
               true FROM range(20) t(i)
        """)
    tables = ("raw_mentions", "school_matches", "classifications", "cases", "case_mentions",
              "decisions", "audit_log")
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed names
            for t in tables}


BENCH_TABLES = ("raw_mentions", "cases", "case_mentions", "classifications", "audit_log")


def table_sizes(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the tables the dashboard benchmark reads, for its report line."""
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in BENCH_TABLES}


def sample_case_ids(con: duckdb.DuckDBPyConnection, count: int = 50, seed: int = 7) -> list[str]:
    """A reproducible random sample of case ids to request pages for."""
    return [row[0] for row in con.execute(
        f"SELECT case_id FROM cases USING SAMPLE {int(count)} ROWS (reservoir, {int(seed)})"  # noqa: S608 - integers only
    ).fetchall()]
