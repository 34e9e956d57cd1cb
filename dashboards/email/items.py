"""The things an email lists (cases, status changes, removed posts, source problems).

Each builder takes warehouse rows and returns a small dataclass that the
templates print as they are. Redaction happens here, once: a safeguarding
item built for someone who may not see it carries no post text, author,
title, reason or link to the post, only the fact that it exists and a link to
its dashboard page (where access is checked again).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dashboards.email import wording
from dashboards.email.render import excerpt, safe_link, short_name
from schoolwatch.config import School

# A source that has not fetched successfully for this long is called quiet.
QUIET_SOURCE_AFTER = timedelta(hours=48)


@dataclass(frozen=True)
class CaseItem:
    """One case as an email shows it."""

    case_id: str
    link: str
    school_name: str
    school_short: str
    severity: int
    severity_name: str
    headline: str
    action_description: str
    redacted: bool
    labels: list[str] = field(default_factory=list)
    reason: str = ""
    clause: str = ""
    title: str = ""
    text: str = ""
    author: str = ""
    source_name: str = ""
    post_link: str | None = None
    posted: str = ""
    opened: str = ""
    mention_count: int = 1
    opened_in_window: bool = False

    @property
    def byline(self) -> str:
        """'by someone on Reddit, Tue 14 May, 09:12 (3 posts in this case)'."""
        parts = []
        if self.author:
            parts.append(f"by {self.author}")
        if self.source_name:
            parts.append(f"on {self.source_name}")
        text = " ".join(parts)
        if self.posted:
            text = f"{text}, {self.posted}" if text else self.posted
        if self.mention_count > 1:
            text += f" ({self.mention_count} posts in this case)"
        return text.strip()


@dataclass(frozen=True)
class ChangeItem:
    """A staff decision that changed a case's state."""

    case_id: str
    link: str
    school_short: str
    verb: str
    actor: str
    when: str
    headline: str
    redacted: bool
    title: str = ""


@dataclass(frozen=True)
class RemovedItem:
    """A post in a case that is no longer online.

    For a safeguarding case the reader may not see, ``posts`` counts all of the
    case's posts that went: they are one line, as nothing tells them apart.
    """

    case_id: str
    link: str
    school_short: str
    when: str
    source_name: str
    headline: str
    redacted: bool
    title: str = ""
    posts: int = 1


@dataclass(frozen=True)
class SourceProblem:
    """A source that is failing or has gone quiet."""

    name: str
    problem: str


def is_safeguarding(case: Mapping[str, Any]) -> bool:
    """Treat a case as safeguarding if flagged so or labelled so (the cautious reading)."""
    return bool(case.get("safeguarding")) or "safeguarding" in (case.get("labels") or [])


def case_link(base_url: str, case_id: str) -> str:
    """The case's page on the dashboard."""
    return f"{base_url.rstrip('/')}/cases/{case_id}"


def when(moment: datetime | None, tz: ZoneInfo) -> str:
    """'Tue 14 May, 09:12' in the school's time zone ('' when unknown)."""
    if moment is None:
        return ""
    local = moment.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def case_item(case: Mapping[str, Any], mention: Mapping[str, Any] | None, school: School,
              *, sees_safeguarding: bool, base_url: str, tz: ZoneInfo,
              window_start: datetime | None = None) -> CaseItem:
    """A case for one reader, redacted unless they may see its safeguarding detail."""
    redacted = is_safeguarding(case) and not sees_safeguarding
    common: dict[str, Any] = {
        "case_id": case["case_id"],
        "link": case_link(base_url, case["case_id"]),
        "school_name": school.name,
        "school_short": short_name(school.name),
        "severity": int(case["severity"]),
        "severity_name": wording.severity_name(case["severity"]),
        "headline": wording.action_headline(case["action"]),
        "action_description": wording.action_description(case["action"]),
        "redacted": redacted,
        "opened": when(case.get("opened_at"), tz),
        "mention_count": int((mention or {}).get("mention_count") or 1),
        "opened_in_window": bool(window_start and case["opened_at"] >= window_start),
    }
    if redacted:
        return CaseItem(labels=[wording.LABEL_NAMES["safeguarding"]], **common)
    mention = mention or {}
    return CaseItem(
        labels=wording.label_names(case.get("labels")),
        reason=excerpt(case.get("reason"), 400),
        clause=excerpt(case.get("clause"), 200),
        title=excerpt(mention.get("title"), 140),
        text=excerpt(mention.get("body")),
        author=excerpt(mention.get("author"), 60),
        source_name=wording.source_name(str(mention.get("source", ""))) if mention else "",
        post_link=safe_link(mention.get("url")),
        posted=when(mention.get("posted_at") or mention.get("fetched_at"), tz),
        **common,
    )


def change_item(row: Mapping[str, Any], mention: Mapping[str, Any] | None, school: School, *,
                sees_safeguarding: bool, base_url: str, tz: ZoneInfo) -> ChangeItem:
    """A decision row for one reader (decision notes are never included)."""
    redacted = is_safeguarding(row) and not sees_safeguarding
    return ChangeItem(
        case_id=row["case_id"], link=case_link(base_url, row["case_id"]),
        school_short=short_name(school.name),
        verb=wording.DECISION_NAMES.get(row["decision"], row["decision"]),
        actor=excerpt(row["actor"], 60), when=when(row["decided_at"], tz),
        headline=wording.action_headline(row["action"]), redacted=redacted,
        title="" if redacted else excerpt((mention or {}).get("title"), 140),
    )


def removed_item(row: Mapping[str, Any], school: School, *, sees_safeguarding: bool,
                 base_url: str, tz: ZoneInfo) -> RemovedItem:
    """A removed post for one reader."""
    redacted = is_safeguarding(row) and not sees_safeguarding
    return RemovedItem(
        case_id=row["case_id"], link=case_link(base_url, row["case_id"]),
        school_short=short_name(school.name), when=when(row["checked_at"], tz),
        source_name=wording.source_name(row["source"]),
        headline=wording.action_headline(row["action"]), redacted=redacted,
        title="" if redacted else excerpt(row.get("title") or row.get("body"), 100),
    )


def removed_items(rows: Sequence[Mapping[str, Any]], schools: Mapping[str, School], *,
                  sees_safeguarding: Callable[[str], bool], base_url: str,
                  tz: ZoneInfo) -> list[RemovedItem]:
    """The removed posts a reader is told about, each post once.

    ``rows`` has one row per post and case (``warehouse.digest_queries.removed_posts``):
    a post in the cases of two of the reader's schools is listed once, under both
    schools' names, and is redacted if either case is hidden from the reader. The
    posts of one redacted safeguarding case become a single line with their count.
    """
    by_post: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_post.setdefault(row["mention_id"], []).append(row)
    result: list[RemovedItem] = []
    redacted_at: dict[str, int] = {}
    for post_rows in by_post.values():
        built = [removed_item(r, schools[r["school_id"]],
                              sees_safeguarding=sees_safeguarding(r["school_id"]),
                              base_url=base_url, tz=tz) for r in post_rows]
        names = list(dict.fromkeys(b.school_short for b in built))
        redacted = next((b for b in built if b.redacted), None)
        item = replace(redacted or built[0], school_short=", ".join(names))
        if item.redacted:
            if item.case_id in redacted_at:
                index = redacted_at[item.case_id]
                result[index] = replace(result[index], posts=result[index].posts + 1)
                continue
            redacted_at[item.case_id] = len(result)
        result.append(item)
    return result


def source_problems(health: list[Mapping[str, Any]], now: datetime,
                    tz: ZoneInfo) -> list[SourceProblem]:
    """Sources that are failing, or have not fetched successfully for a while."""
    problems: list[SourceProblem] = []
    for row in health:
        name = excerpt(row.get("display_name") or row["source_key"], 80)
        failures = int(row.get("consecutive_failures") or 0)
        last_success = row.get("last_success_at")
        if failures or not row.get("healthy", True):
            error = excerpt(row.get("last_error"), 160) or "no error message"
            runs = "run" if failures == 1 else "runs"
            problems.append(SourceProblem(name, f"failing for {failures} {runs} in a row: {error}"))
        elif last_success is not None and now - last_success > QUIET_SOURCE_AFTER:
            problems.append(SourceProblem(
                name, f"quiet: nothing fetched successfully since {when(last_success, tz)}"))
    return problems
