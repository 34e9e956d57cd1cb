"""Shared set-up for the data-protection tests: a small config and seeded warehouses.

Everything is seeded through the warehouse's own functions on a real DuckDB
file; the only direct SQL is closing a case, which the dashboard room's review
actions do in production.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from schoolwatch.config import Config, load_config
from schoolwatch.domain import Classification, RawItem, Recommendation, SchoolMatch
from warehouse import cases, classifications, matches, mentions

KEY = b"privacy-tests-secret-key-0123456789abcdef"
T0 = datetime(2024, 1, 10, 9, 0, tzinfo=UTC)


def write_config(directory: Path, extra: str = "", school_extra: str = "") -> Path:
    """A two-school config with its warehouse in ``directory``; returns the file path."""
    text = (
        "[warehouse]\n"
        f'path = "{directory / "sw.duckdb"}"\n\n'
        "[[school]]\n"
        'id = "beech-hill"\n'
        'name = "Beech Hill Community Primary School"\n'
        'aliases = ["Beech Hill Primary"]\n'
        'contacts = { office = "office@beechhill.example" }\n'
        f"{school_extra}\n\n"
        "[[school]]\n"
        'id = "glory-farm"\n'
        'name = "Glory Farm Primary School"\n'
        "retention = { dismissed_days = 10, closed_case_days = 100, raw_matched_days = 50 }\n"
        "\n" + extra
    )
    path = directory / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def make_config(directory: Path, extra: str = "", school_extra: str = "") -> Config:
    """The loaded two-school config."""
    return load_config(write_config(directory, extra, school_extra), environ={})


def item(external_id: str, body: str, author: str | None = "someone",
         fetched_at: datetime = T0, source: str = "reddit", title: str = "",
         raw: dict | None = None, thread_key: str | None = None) -> RawItem:
    """A captured post."""
    return RawItem(source=source, source_key=f"{source}:test", external_id=external_id,
                   kind="comment", url=f"https://forum.example/{external_id}", text=body,
                   title=title, author=author, posted_at=fetched_at, fetched_at=fetched_at,
                   thread_key=thread_key,
                   raw=raw if raw is not None else {"author": author, "id": external_id,
                                                    "author_fullname": "t2_abc"})


def store(con: duckdb.DuckDBPyConnection, raw: RawItem, schools: Sequence[str] = (),
          labels: Sequence[str] = ()) -> str:
    """Insert, match (possibly to nothing) and, when matched, classify one post."""
    mentions.insert_raw(con, [raw])
    mid = raw.mention_id
    matches.record(con, {mid: [SchoolMatch(s, "alias", 0, 5) for s in schools]})
    if schools:
        classifications.record(con, {mid: Classification(
            scores={label: 0.9 for label in labels}, labels=tuple(labels),
            model_version="test")})
    return mid


def open_case(con: duckdb.DuckDBPyConnection, school_id: str, mention_ids: Sequence[str],
              thread_key: str) -> str:
    """A case for these mentions, as triage would create it."""
    case_id, _ = cases.upsert(con, school_id, thread_key,
                              Recommendation("report_platform", 3, "abusive post"),
                              ["abusive"], list(mention_ids), safeguarding=False)
    return case_id


def close_case(con: duckdb.DuckDBPyConnection, case_id: str, status: str,
               closed_at: datetime) -> None:
    """Dismiss or resolve a case at a given time (the dashboard's review action)."""
    con.execute("UPDATE cases SET status = ?, closed_at = ?, updated_at = ? WHERE case_id = ?",
                [status, closed_at, closed_at, case_id])


def days(n: float) -> timedelta:
    return timedelta(days=n)


def table_count(con: duckdb.DuckDBPyConnection, table: str, where: str = "true",
                params: Sequence[object] = ()) -> int:
    return con.execute(f"SELECT count(*) FROM {table} WHERE {where}", list(params)).fetchone()[0]
