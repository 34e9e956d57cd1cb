"""Seed data for the dashboard tests: a real DuckDB file filled through warehouse functions.

Builds a config (a copy of config.example.toml pointing at a temporary
warehouse), dashboard users with fixed passwords, and a handful of cases
covering every page feature: staff and pupil spans, a hostile post full of
XSS payloads, a safeguarding case, closed cases, two sources.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from dashboards.web.passwords import hash_password
from schoolwatch.config import Config, load_config
from schoolwatch.domain import Classification, RawItem, Recommendation, SchoolMatch, Span
from warehouse import Warehouse, cases, classifications, matches, mentions, sources, users

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"  # noqa: S105 - test password
MODEL = "test-model-1"

# Classic XSS payloads (OWASP cheat sheet / PayloadsAllTheThings); each must render as text.
XSS_PAYLOADS: tuple[str, ...] = (
    "<script>alert('xss1')</script>",
    "<img src=x onerror=alert('xss2')>",
    "<svg/onload=alert('xss3')>",
    "\"><script>alert('xss4')</script>",
    "'><img src=x onerror=alert(5)>",
    "<iframe src=\"javascript:alert('xss6')\"></iframe>",
    "<body onload=alert('xss7')>",
    "<a href=\"javascript:alert('xss8')\">click me</a>",
    "<math><mtext></mtext><mglyph><svg><mtext><textarea><path id=\"</textarea>"
    "<img onerror=alert('xss9') src=1>\">",
    "</textarea><script>alert('xss10')</script>",
    "{{7*7}}${7*7}<%= 7*7 %>",
    "<details open ontoggle=alert('xss12')>",
    "<input autofocus onfocus=alert('xss13')>",
    "&lt;script&gt;alert('xss14')&lt;/script&gt;",
    "\u202eevil\u202c <style>*{display:none}</style>",
)


@dataclass
class Seeded:
    """What the seed created, for assertions."""

    config: Config
    warehouse_path: Path
    case_ids: dict[str, str] = field(default_factory=dict)
    mention_ids: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def password_hash() -> str:
    """One scrypt hash for every seeded account (hashing is slow on purpose)."""
    return hash_password(PASSWORD)


def write_config(directory: Path) -> Path:
    """A config file (the example's schools) whose warehouse lives in ``directory``."""
    text = (REPO / "config.example.toml").read_text(encoding="utf-8")
    warehouse = directory / "warehouse.duckdb"
    text = text.replace('path = "data/schoolwatch.duckdb"', f'path = "{warehouse.as_posix()}"', 1)
    path = directory / "config.toml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def _item(key: str, text: str, *, title: str = "", source: str = "feed", author: str = "a_parent",
          hours_ago: float = 5.0, url: str | None = None, thread: str | None = None) -> RawItem:
    posted = datetime.now(UTC) - timedelta(hours=hours_ago)
    return RawItem(
        source=source, source_key=f"{source}:test", external_id=key,
        kind="comment" if source == "reddit" else "feed_comment",
        url=url if url is not None else f"https://news.example/{key}",
        text=text, title=title, author=author, posted_at=posted,
        fetched_at=posted + timedelta(minutes=20), thread_key=thread or f"thread-{key}",
        raw={"id": key},
    )


def _case(con, seeded: Seeded, name: str, item: RawItem, school_id: str, labels: list[str],
          spans: list[Span], action: str, severity: int, *, safeguarding: bool = False,
          reason: str = "", clause: str = "") -> None:
    mentions.insert_raw(con, [item])
    start = item.text.find(item.text.split()[0]) if item.text else 0
    matches.record(con, {item.mention_id: [SchoolMatch(school_id, school_id, start, start + 1)]})
    scores = {label: 0.91 for label in labels}
    scores.setdefault("criticism", 0.12)
    classifications.record(con, {item.mention_id: Classification(
        scores=scores, labels=tuple(labels), spans=tuple(spans), model_version=MODEL)})
    recommendation = Recommendation(action=action, severity=severity,
                                    reason=reason or f"Flagged as {', '.join(labels)}.",
                                    clause=clause, policy="Test school social media policy")
    case_id, _ = cases.upsert(con, school_id, item.thread_key or item.mention_id, recommendation,
                              labels, [item.mention_id], safeguarding)
    seeded.case_ids[name] = case_id
    seeded.mention_ids[name] = item.mention_id


def seed(directory: Path, *, fillers: int = 0) -> Seeded:
    """Create config, users and cases in ``directory``; returns ids by name."""
    config = load_config(write_config(directory))
    seeded = Seeded(config=config, warehouse_path=config.warehouse_path)
    hashed = password_hash()
    with Warehouse(config.warehouse_path).write() as con:
        users.add(con, "olive.office", hashed, "office", ["beech-hill", "cooper-school"])
        users.add(con, "harriet.head", hashed, "headteacher", ["beech-hill"])
        users.add(con, "dara.dsl", hashed, "dsl", ["beech-hill", "cooper-school"])
        users.add(con, "trudy.trust", hashed, "trust", ["cooper-school", "glory-farm"])
        users.add(con, "admin.all", hashed, "headteacher", [users.ALL_SCHOOLS])

        staff_text = ("Mr Gareth Pennywell at Beech Hill Primary is a useless bully and "
                      "everyone knows it. Someone should sort him out.")
        staff_at = staff_text.index("Gareth Pennywell")
        _case(con, seeded, "abusive",
              _item("abusive-1", staff_text, title="Beech Hill Primary teacher",
                    author="angry_dad_77"),
              "beech-hill", ["abusive", "names_staff"],
              [Span("staff_name", staff_at, staff_at + len("Gareth Pennywell"),
                    "Gareth Pennywell")],
              "request_removal", 3, clause="4.2 Parents should raise concerns with the school.")

        hostile = "Beech Hill school post: " + " ".join(XSS_PAYLOADS)
        _case(con, seeded, "xss",
              _item("xss-1", hostile, title="<b>bold</b><script>alert('title')</script>",
                    author="<img src=x onerror=alert('author')>",
                    url="javascript:alert('url')"),
              "beech-hill", ["abusive"], [Span("phone", 0, 5, "Beech")], "monitor", 2)

        pupil_text = ("Cooper School Year 9: Lily Example-Pupil in 9B gets hit at home, "
                      "call her mum on 07700 900123.")
        pupil_at = pupil_text.index("Lily Example-Pupil")
        phone_at = pupil_text.index("07700 900123")
        _case(con, seeded, "safeguarding",
              _item("safe-1", pupil_text, source="reddit", author="worried_neighbour"),
              "cooper-school", ["safeguarding", "identifies_pupil", "personal_data"],
              [Span("pupil_name", pupil_at, pupil_at + len("Lily Example-Pupil"),
                    "Lily Example-Pupil"),
               Span("phone", phone_at, phone_at + len("07700 900123"), "07700 900123")],
              "escalate_dsl", 4, safeguarding=True)

        _case(con, seeded, "threat",
              _item("threat-1", "I will come to Cooper School and make them pay.",
                    source="reddit", author="anon_x", hours_ago=1),
              "cooper-school", ["threat"], [], "escalate_police", 4)

        _case(con, seeded, "criticism",
              _item("crit-1", "Glory Farm Primary's new homework policy is poorly explained.",
                    author="civil_parent", hours_ago=30),
              "glory-farm", ["criticism"], [], "monitor", 1)

        for i in range(fillers):
            _case(con, seeded, f"filler-{i}",
                  _item(f"filler-{i}", f"Beech Hill Primary filler post number {i}.",
                        hours_ago=48 + i),
                  "beech-hill", ["criticism"], [], "monitor", 1)

        sources.record_success(con, "feed:test", "feed", "Local news comments", 4)
        sources.record_failure(con, "reddit:test", "reddit", "Reddit r/Luton", "HTTP 503")
    return seeded
