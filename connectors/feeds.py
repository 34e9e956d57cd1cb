"""News and comment feeds (RSS 0.9x/2.0, RDF, Atom, Google Alerts/News, WordPress, Disqus).

:class:`FeedSource` fetches one feed with :class:`~connectors.http.HttpClient`
(conditional GET from the stored ETag/Last-Modified) and parses the bytes with
feedparser. Malformed XML is not fatal: feedparser's ``bozo`` flag becomes a
warning as long as it recognised a feed ``version``.

Comment following: for a feed with ``follow_comments_days > 0``, every
article that mentions a configured school and announces a per-post comment
feed (``wfw:commentRss``) is remembered in the source's state and that comment
feed is polled on every run for ``follow_comments_days`` days from when the
article was first seen. Its comments share the article's ``thread_key``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import feedparser

from connectors.base import FetchResult
from connectors.feed_entries import FeedContext, entry_to_item, is_comment_feed
from connectors.http import FetchError, HttpClient, HttpResponse
from connectors.matching import SchoolMatcher
from schoolwatch.config import FeedSettings
from schoolwatch.domain import RawItem
from schoolwatch.errors import SourceError

# At most this many followed comment feeds are polled per feed per run.
MAX_FOLLOWED_PER_RUN = 50
GOOGLE_NEWS_PARAMS = {"hl": "en-GB", "gl": "GB", "ceid": "GB:en"}

_KIND_LABELS = {
    "rss": "News feed", "atom": "News feed", "wordpress": "WordPress feed",
    "disqus": "Disqus comments", "google_alerts": "Google Alert", "google_news": "Google News",
}


def google_news_url(base_url: str, name: str) -> str:
    """The Google News RSS search URL for one school name (searched as an exact phrase)."""
    query = urlencode({"q": f'"{name}"', **GOOGLE_NEWS_PARAMS})
    return f"{base_url}{'&' if '?' in base_url else '?'}{query}"


def parse_feed(body: bytes, headers: dict[str, str], url: str) -> Any:
    """feedparser's result for ``body``; raises SourceError when it is not a feed at all."""
    response_headers = dict(headers)
    response_headers["content-location"] = url  # base for relative links
    parsed = feedparser.parse(io.BytesIO(body), response_headers=response_headers,
                              sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({reason})" if reason else ""
        raise SourceError(f"{url} did not return an RSS or Atom feed{detail}. Check the "
                          "address in the config: it may point at a web page.")
    return parsed


class FeedSource:
    """One configured feed (or one generated Google News search)."""

    source = "feed"

    def __init__(self, settings: FeedSettings, http: HttpClient,
                 matcher: SchoolMatcher | None = None, *,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.settings = settings
        self.http = http
        self.matcher = matcher
        self.key = f"feed:{settings.url}"
        label = _KIND_LABELS.get(settings.kind, "Feed")
        self.display_name = settings.name or f"{label}: {settings.url}"
        self._clock = clock or (lambda: datetime.now(UTC))

    def __repr__(self) -> str:
        return f"FeedSource({self.key!r})"

    def fetch(self, state: dict[str, Any]) -> FetchResult:
        """Fetch new entries (and followed comment feeds); raise SourceError on failure."""
        stored: dict[str, Any] = dict(state.get("state") or {})
        now = self._clock()
        response = self.http.get(self.settings.url, etag=state.get("etag"),
                                 last_modified=state.get("last_modified"))
        result = FetchResult(etag=response.etag, last_modified=response.last_modified,
                             not_modified=response.not_modified)
        if not response.not_modified:
            result.items.extend(self._items(response, now, result.warnings))
        follows = self._update_follows(stored.get("follow", {}), result.items, now)
        result.items.extend(self._fetch_follows(follows, now, result.warnings))
        stored["follow"] = follows
        stored["last_status"] = response.status
        result.state = stored
        return result

    # -- the feed itself ---------------------------------------------------
    def _items(self, response: HttpResponse, now: datetime, warnings: list[str],
               thread_key: str | None = None) -> list[RawItem]:
        parsed = parse_feed(response.content, response.headers, response.url)
        if parsed.get("bozo"):
            warnings.append(
                f"{response.url} has errors ({parsed.get('bozo_exception')}); "
                f"{len(parsed.entries)} entries were still read.")
        feed_title = parsed.feed.get("title", "") or ""
        context = FeedContext(
            url=response.url, source_key=self.key, kind=self.settings.kind, title=feed_title,
            version=parsed.get("version", ""),
            comments=thread_key is not None
            or is_comment_feed(self.settings.kind, self.settings.url, feed_title),
            thread_key=thread_key,
        )
        items: list[RawItem] = []
        for entry in parsed.entries:
            try:
                items.append(entry_to_item(entry, context, now))
            except Exception as exc:  # one broken entry must not lose the rest
                warnings.append(f"{response.url}: skipped an entry that could not be read "
                                f"({type(exc).__name__}: {exc}).")
        return items

    # -- comment following -------------------------------------------------
    def _update_follows(self, follows: dict[str, Any], items: list[RawItem],
                        now: datetime) -> dict[str, Any]:
        """Start following comment feeds of new matching articles; forget expired ones."""
        days = self.settings.follow_comments_days
        current = {url: dict(info) for url, info in follows.items()
                   if _parse_time(info.get("until")) > now}
        if days <= 0 or self.matcher is None:
            return current
        for item in items:
            comment_feed = item.raw.get("wfw_commentrss")
            if item.kind != "article" or not comment_feed or comment_feed in current:
                continue
            if not self.matcher.match(item.full_text):
                continue
            current[comment_feed] = {
                "thread_key": item.thread_key, "article": item.url,
                "until": (now + timedelta(days=days)).isoformat(),
            }
        return current

    def _fetch_follows(self, follows: dict[str, Any], now: datetime,
                       warnings: list[str]) -> list[RawItem]:
        items: list[RawItem] = []
        for url in sorted(follows, key=lambda u: follows[u]["until"],
                          reverse=True)[:MAX_FOLLOWED_PER_RUN]:
            info = follows[url]
            try:
                response = self.http.get(url, etag=info.get("etag"),
                                         last_modified=info.get("last_modified"))
                if not response.not_modified:
                    items.extend(self._items(response, now, warnings,
                                             thread_key=info["thread_key"]))
                info["etag"] = response.etag
                info["last_modified"] = response.last_modified
                info.pop("failures", None)
            except FetchError as exc:
                if exc.status in (404, 410):
                    info["until"] = now.isoformat()  # comments closed or post removed
                info["failures"] = int(info.get("failures", 0)) + 1
                warnings.append(f"Comments of {info.get('article', url)}: {exc}")
            except SourceError as exc:
                info["failures"] = int(info.get("failures", 0)) + 1
                warnings.append(f"Comments of {info.get('article', url)}: {exc}")
        return items


def _parse_time(value: Any) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
