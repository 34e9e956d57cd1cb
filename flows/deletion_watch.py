"""Deletion watch orchestration: re-check open cases' posts and record what changed.

A plain function the nightly flow wraps as a task (no SQL or HTTP here: the
warehouse and connectors do those). It reads the targets in one short
session, fetches with no warehouse connection held, then writes the
observations, and a custody-log entry whenever a post's status changes, in a
second short session.

Cases flagged as possible indecent images of children are never re-fetched:
the policy is to record the URL and leave the rest to the police.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING, Any

from connectors.recheck import RecheckTarget, recheck_many
from schoolwatch.config import Config
from warehouse import Warehouse, audit, observations

if TYPE_CHECKING:  # only the type of a test transport; the fetching is in connectors
    import httpx

log = logging.getLogger(__name__)

WATCH_ACTOR = "schoolwatch:deletion-watch"
NEVER_FETCH_FLAGS = frozenset({"iioc"})
DEFAULT_USER_AGENT = "schoolwatch deletion watch (school reputation monitor)"


# Feed kinds whose captured text is not what the linked page shows.
TEXT_NOT_ON_PAGE_KINDS = frozenset({"disqus", "google_alerts", "google_news"})


class BlindSources:
    """Which sources' posts a page fetch can confirm only as "the page is there"."""

    def __init__(self, config: Config) -> None:
        self.keys = {f"feed:{feed.url}" for feed in config.feeds
                     if feed.kind in TEXT_NOT_ON_PAGE_KINDS}
        news = config.google_news
        # Google News searches are generated per school alias, all on one base URL.
        self.prefix = f"feed:{news.base_url}" if news.enabled else None

    def includes(self, source_key: str | None) -> bool:
        if not source_key:
            return False
        return source_key in self.keys or bool(self.prefix and source_key.startswith(self.prefix))


def recheck_open_cases(config: Config, warehouse: Warehouse, *, limit: int = 500,
                       transport: httpx.BaseTransport | None = None,
                       timeout: float = 15.0) -> dict[str, Any]:
    """Re-check the posts of open cases; returns counts and the status changes seen."""
    with warehouse.read() as con:
        rows = observations.open_case_targets(con, limit=limit)
    skipped = [row for row in rows if NEVER_FETCH_FLAGS & set(row["flags"] or [])]
    wanted = [row for row in rows if row not in skipped]
    blind = BlindSources(config)
    targets = [RecheckTarget(mention_id=row["mention_id"], source=row["source"],
                             kind=row["kind"], url=row["url"],
                             external_id=row["external_id"] or "", title=row["title"] or "",
                             body=row["body"] or "",
                             text_on_page=not blind.includes(row["source_key"]))
               for row in wanted]
    reddit = config.reddit
    user_agent = reddit.user_agent if reddit and reddit.user_agent else DEFAULT_USER_AGENT
    results = recheck_many(targets, user_agent=user_agent,
                           reddit_url=reddit.reddit_url if reddit else None,
                           timeout=timeout, transport=transport)
    counts: Counter[str] = Counter()
    changes: list[dict[str, Any]] = []
    by_mention = {row["mention_id"]: row for row in wanted}
    with warehouse.write() as con:
        for result in results:
            row = by_mention[result.mention_id]
            previous = row["last_status"]
            checked_at = observations.record(
                con, result.mention_id, result.status, result.content_sha256, result.detail,
                result.http_status)
            counts[result.status] += 1
            if result.status != previous:
                change = {"case_id": row["case_id"], "mention_id": result.mention_id,
                          "from": previous, "to": result.status, "detail": result.detail,
                          "checked_at": checked_at.isoformat()}
                changes.append(change)
                audit.log(con, WATCH_ACTOR, f"observed_{result.status}", "case", row["case_id"],
                          change)
    for row in skipped:
        log.info("deletion watch: case %s not re-fetched (possible indecent images)",
                 row["case_id"])
    return {"checked": len(results), **{s: counts.get(s, 0) for s in observations.STATUSES},
            "skipped_never_fetch": len(skipped), "changes": changes}
