"""Turn one parsed feed entry (feedparser) into a :class:`~schoolwatch.domain.RawItem`.

Articles and comments are told apart here: WordPress site-wide comment feeds
(``/comments/feed/``, "Comments for ..."), per-post comment feeds, Disqus
``latest.rss`` and links with a ``#comment-`` anchor are comments. A comment's
``thread_key`` is its article's canonical URL, so an article and its
comments become one conversation; an article's ``thread_key`` is its own
canonical URL.

The entry's HTML is kept verbatim in ``raw`` (up to :data:`MAX_RAW_CHARS`);
``text`` is plain text extracted from it safely.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from connectors.text import html_to_text
from connectors.urls import canonical_url, resolve, unwrap_redirect, without_fragment
from schoolwatch.domain import RawItem, sha256_text

# Raw HTML kept per field; anything longer is cut and flagged (it is still a
# huge hostile post, not a feed we should choke on).
MAX_RAW_CHARS = 1_000_000
_COMMENT_ANCHOR = re.compile(r"#(comment|disqus_thread|c)[-_]?\d*", re.IGNORECASE)
_COMMENT_FEED_TITLE = re.compile(r"^\s*comments?\s+(for|on)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FeedContext:
    """What is known about the feed an entry came from."""

    url: str
    source_key: str
    kind: str                  # the config kind: rss, atom, wordpress, disqus, ...
    title: str = ""
    version: str = ""
    comments: bool = False     # every entry is a comment (a comment feed)
    thread_key: str | None = None  # set for a per-post comment feed we follow


def is_comment_feed(kind: str, url: str, feed_title: str) -> bool:
    """Whether a feed lists comments rather than articles."""
    path = urlsplit(url).path.lower()
    return (kind == "disqus" or "/comments/feed" in path or path.endswith("latest.rss")
            or bool(_COMMENT_FEED_TITLE.match(feed_title or "")))


def _as_datetime(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _clip(value: str) -> tuple[str, bool]:
    if len(value) > MAX_RAW_CHARS:
        return value[:MAX_RAW_CHARS], True
    return value, False


def _html_or_text(detail: Mapping[str, Any] | None, value: str) -> str:
    """Plain text of a feedparser text construct, whatever its declared type."""
    kind = (detail or {}).get("type", "text/html")
    if "html" in kind or "xml" in kind:
        return html_to_text(value)
    return html_to_text(value) if "<" in value else value.strip()


def _body(entry: Mapping[str, Any]) -> tuple[str, str, str]:
    """(raw markup, its type, plain text) of the richest body the entry offers."""
    contents = entry.get("content") or []
    best: Mapping[str, Any] | None = None
    for content in contents:
        if "html" in content.get("type", "") or best is None:
            best = content
    if best is not None and best.get("value"):
        value = best["value"]
        return value, best.get("type", "text/html"), _html_or_text(best, value)
    summary = entry.get("summary") or entry.get("description") or ""
    detail = entry.get("summary_detail")
    return summary, (detail or {}).get("type", "text/html"), _html_or_text(detail, summary)


def _external_id(entry: Mapping[str, Any], link: str, context: FeedContext,
                 title: str, posted: datetime | None) -> str:
    guid = (entry.get("id") or "").strip()
    if guid:
        if guid.startswith(("http://", "https://")):
            return resolve(context.url, guid)
        # A bare guid ("1234") is only unique within its site.
        return f"{urlsplit(context.url).netloc}:{guid}"
    if link and link != context.url:
        return link
    stamp = posted.isoformat() if posted else ""
    return f"{context.url}#{sha256_text(title + chr(31) + stamp)[:16]}"


def entry_to_item(entry: Mapping[str, Any], context: FeedContext,
                  fetched_at: datetime) -> RawItem:
    """One feed entry as a RawItem (article or comment)."""
    link = unwrap_redirect(resolve(context.url, entry.get("link")))
    raw_title = entry.get("title") or ""
    title = _html_or_text(entry.get("title_detail"), raw_title)
    markup, markup_type, text = _body(entry)
    posted = _as_datetime(entry)
    is_comment = context.comments or bool(_COMMENT_ANCHOR.search(link))
    external_id = _external_id(entry, link, context, title, posted)
    if is_comment:
        kind = "feed_comment"
        item_canonical = canonical_url(link, keep_fragment=True)
        thread_key = context.thread_key or canonical_url(without_fragment(link)) or link
    else:
        kind = "article"
        item_canonical = canonical_url(link)
        thread_key = item_canonical or external_id
    markup, markup_cut = _clip(markup)
    source = entry.get("source") or {}
    raw: dict[str, Any] = {
        "feed_url": context.url,
        "feed_title": context.title,
        "feed_version": context.version,
        "id": entry.get("id"),
        "link": entry.get("link"),
        "title": raw_title,
        "author": entry.get("author"),
        "published": entry.get("published"),
        "updated": entry.get("updated"),
        "body": markup,
        "body_type": markup_type,
        "comments": entry.get("comments"),
        "wfw_commentrss": entry.get("wfw_commentrss"),
        "slash_comments": entry.get("slash_comments"),
        "tags": [t.get("term") for t in entry.get("tags") or [] if t.get("term")],
        "source": {"title": source.get("title"), "href": source.get("href")} if source else None,
    }
    if markup_cut:
        raw["truncated"] = True
    return RawItem(
        source="feed",
        source_key=context.source_key,
        external_id=external_id,
        kind=kind,
        url=link,
        text=text,
        title=title,
        author=(entry.get("author") or None),
        posted_at=posted,
        fetched_at=fetched_at,
        thread_key=thread_key,
        canonical_url=item_canonical,
        raw={k: v for k, v in raw.items() if v not in (None, "", [])},
    )
