"""Shared builders for the policy tests: schools, mention dicts and a seeded warehouse.

Every person named here is fictional (the rosters of config.example.toml).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from schoolwatch.config import Config, Contacts, RedditSettings, School, StaffMember
from schoolwatch.domain import Classification, RawItem, SchoolMatch, Span

POLICIES = ("beech-hill-primary", "bicester-learning-academy-trust", "st-stephens-an-daras",
            "federation-social-media-mobile", "bratton-primary")
BASE_TIME = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)


def school(policy: str = "st-stephens-an-daras", actions: dict[str, str] | None = None,
           school_id: str = "st-stephens") -> School:
    return School(
        id=school_id, name="St Stephens Community Academy", policy=policy,
        aliases=("St Stephens school",),
        staff=(StaffMember("Kerensa Polglase", "Headteacher"),
               StaffMember("Amy Penrose", "Year 6 teacher")),
        contacts=Contacts(headteacher="head@ststephens.example", dsl="dsl@ststephens.example",
                          office="office@ststephens.example"),
        signatory="Kerensa Polglase, Headteacher",
        complaints_url="https://ststephens.example/complaints-procedure",
        actions=actions or {},
    )


def mention(text: str, labels: Sequence[str] = (), *, mention_id: str = "m1",
            thread_key: str = "t1", spans: Sequence[dict[str, Any]] = (),
            url: str = "https://www.reddit.com/r/Cornwall/comments/abc/post/",
            posted_offset_minutes: int = 0, school_id: str = "st-stephens",
            scores: dict[str, float] | None = None) -> dict[str, Any]:
    """A mention dict shaped like ``warehouse.cases.untriaged`` returns."""
    return {
        "mention_id": mention_id, "school_id": school_id, "thread_key": thread_key,
        "source": "reddit", "kind": "comment", "url": url, "author": "throwaway_parent_1",
        "title": "", "body": text,
        "posted_at": BASE_TIME + timedelta(minutes=posted_offset_minutes),
        "labels": list(labels),
        "scores": scores if scores is not None else {label: 0.91 for label in labels},
        "spans": list(spans), "model_version": "test-model",
    }


def config(tmp_path: Path, schools: Sequence[School] | None = None,
           reddit_url: str = "https://www.reddit.com") -> Config:
    return Config(path=tmp_path / "config.toml", warehouse_path=tmp_path / "w.duckdb",
                  schools=tuple(schools or (school(),)),
                  reddit=RedditSettings(user_agent="schoolwatch-tests/1.0",
                                        reddit_url=reddit_url))


def seed(con: Any, items: Sequence[tuple[RawItem, Sequence[str], Sequence[Span]]],
         school_id: str = "st-stephens") -> list[str]:
    """Store raw items, match them to the school and classify them with the given labels."""
    from warehouse import classifications, matches, mentions

    ids = mentions.insert_raw(con, [item for item, _, _ in items], run_id="test")
    matches.record(con, {item.mention_id: [SchoolMatch(school_id, "St Stephens school", 0, 5)]
                         for item, _, _ in items})
    classifications.record(con, {
        item.mention_id: Classification(scores={lab: 0.9 for lab in labels},
                                        labels=tuple(labels), spans=tuple(spans),
                                        model_version="test-model")
        for item, labels, spans in items})
    return ids


def raw_item(external_id: str, text: str, *, thread: str = "thread-1", source: str = "reddit",
             kind: str = "comment", url: str | None = None, title: str = "",
             author: str = "throwaway_parent_1", minutes: int = 0) -> RawItem:
    return RawItem(
        source=source, source_key="reddit:search" if source == "reddit" else "feed:x",
        external_id=external_id, kind=kind,
        url=url or f"https://www.reddit.com/r/Cornwall/comments/{thread}/post/{external_id}/",
        text=text, title=title, author=author, posted_at=BASE_TIME + timedelta(minutes=minutes),
        fetched_at=BASE_TIME + timedelta(hours=2, minutes=minutes), thread_key=thread,
        raw={"id": external_id, "body": text, "author": author},
    )
