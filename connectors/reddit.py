"""Reddit through praw: read-only OAuth, subreddit listings and site-wide search.

Two kinds of source share one :class:`RedditConnection` (one praw client, so
one rate limiter for the 100 requests/minute quota):

* :class:`SubredditSource` (``reddit:r/<name>``): the newest submissions and
  comments of one subreddit, newest first, stopping at the cursor stored last
  run (the newest item then seen) or after ``max_items_per_listing`` items.
* :class:`SearchSource` (``reddit:search:<school id>``): a site-wide search,
  newest first, for each name of one school, each with its own cursor.

praw/prawcore already wait as Reddit's ``x-ratelimit-*`` headers ask and retry
5xx answers twice; on top of that a 429 waits as long as ``Retry-After`` /
``x-ratelimit-reset`` say and 5xx/network errors get a few more tries with
exponential backoff. 401/403 become :class:`SourceConfigError` at once: retrying
a rejected credential only gets an app banned.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import praw
import prawcore

from connectors.base import FetchResult
from connectors.urls import canonical_url
from schoolwatch.config import RedditSettings, School
from schoolwatch.domain import RawItem
from schoolwatch.errors import SourceConfigError, SourceError

ENV_CLIENT_ID = "SCHOOLWATCH_REDDIT_CLIENT_ID"
ENV_CLIENT_SECRET = "SCHOOLWATCH_REDDIT_CLIENT_SECRET"  # noqa: S105 - a variable name
_RETRY_STATUSES = frozenset({500, 502, 503, 504, 520, 522})


class RedditConnection:
    """A lazily created, shared, lock-protected praw client for all Reddit sources."""

    def __init__(self, settings: RedditSettings, *, timeout: float = 16.0,
                 max_retries: int = 3, backoff_base: float = 2.0, max_wait: float = 120.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.max_wait = max_wait
        self.sleep = sleep
        self.lock = threading.RLock()
        self._reddit: praw.Reddit | None = None

    @property
    def reddit(self) -> praw.Reddit:
        """The praw client; raises SourceConfigError when credentials are missing."""
        if self._reddit is None:
            settings = self.settings
            missing = [name for name, value in ((ENV_CLIENT_ID, settings.client_id),
                                                (ENV_CLIENT_SECRET, settings.client_secret))
                       if not value]
            if missing:
                raise SourceConfigError(
                    "Reddit is configured but its credentials are missing: set the "
                    f"environment variable{'s' if len(missing) > 1 else ''} "
                    f"{' and '.join(missing)} to the id and secret of a Reddit app "
                    "(create one at https://www.reddit.com/prefs/apps, type 'script'). "
                    "Or remove the [reddit] section from the config.")
            self._reddit = praw.Reddit(
                client_id=settings.client_id,
                client_secret=settings.client_secret,
                user_agent=settings.user_agent,
                oauth_url=settings.oauth_url,
                reddit_url=settings.reddit_url,
                check_for_updates=False,
                requestor_kwargs={"timeout": self.timeout},
            )
            self._reddit.read_only = True
        return self._reddit

    def iterate(self, listing: Callable[[], Iterable[Any]], what: str) -> Iterator[Any]:
        """Items of a praw listing, retrying 429/5xx/network errors with backoff.

        praw's ListingGenerator keeps its place when a page request fails, so
        calling ``next`` again asks for the same page.
        """
        iterator = iter(listing())
        failures = 0
        while True:
            try:
                item = next(iterator)
            except StopIteration:
                return
            except prawcore.TooManyRequests as exc:
                failures += 1
                wait = _rate_limit_wait(exc.response)
                if failures > self.max_retries or wait > self.max_wait:
                    raise SourceError(
                        f"Reddit says we asked too often while reading {what} (HTTP 429)"
                        f"{f'; it asked us to wait {wait:g} seconds' if wait else ''}. "
                        "It will be tried again next run.") from exc
                self.sleep(max(wait, 1.0))
            except (prawcore.ServerError, prawcore.RequestException) as exc:
                status = getattr(getattr(exc, "response", None), "status_code", None)
                failures += 1
                if failures > self.max_retries:
                    problem = (f"had a server error (HTTP {status})" if status
                               else f"could not be reached ({_original(exc)})")
                    raise SourceError(f"Reddit {problem} while reading {what}; it will be "
                                      "tried again next run.") from exc
                self.sleep(self._backoff(failures))
            except prawcore.OAuthException as exc:
                raise SourceConfigError(
                    f"Reddit refused to sign in ({exc.error}: {exc.description or ''}). Check "
                    f"{ENV_CLIENT_ID} and {ENV_CLIENT_SECRET}.") from exc
            except prawcore.Redirect as exc:
                raise SourceConfigError(
                    f"Reddit has no {what} (it redirected to {exc.path}). Check the "
                    "subreddit name in [reddit] subreddits.") from exc
            except prawcore.NotFound as exc:
                raise SourceConfigError(
                    f"Reddit has no {what} (HTTP 404). Check the subreddit name in "
                    "[reddit] subreddits.") from exc
            except prawcore.ResponseException as exc:
                raise _response_error(exc, what) from exc
            else:
                failures = 0
                yield item

    def _backoff(self, failures: int) -> float:
        delay = min(self.backoff_base * 2 ** (failures - 1), self.max_wait)
        return delay * (0.5 + random.random() / 2)  # noqa: S311 - jitter


def _original(exc: Exception) -> str:
    original = getattr(exc, "original_exception", None)
    return type(original).__name__ if original else type(exc).__name__


def _rate_limit_wait(response: Any) -> float:
    """Seconds Reddit asked us to wait, from Retry-After or x-ratelimit-reset."""
    headers = getattr(response, "headers", {}) or {}
    for name in ("retry-after", "x-ratelimit-reset"):
        value = headers.get(name)
        if value:
            try:
                return max(0.0, float(value))
            except ValueError:
                continue
    return 0.0


def _response_error(exc: prawcore.ResponseException, what: str) -> SourceError:
    response = exc.response
    status = response.status_code
    at_token = "access_token" in (response.url or "")
    if status == 401 or (status == 403 and at_token):
        return SourceConfigError(
            f"Reddit rejected our app credentials (HTTP {status}). Check that "
            f"{ENV_CLIENT_ID} and {ENV_CLIENT_SECRET} hold the id and secret of a Reddit app "
            "(https://www.reddit.com/prefs/apps). Not retried until the next run.")
    if status == 403:
        return SourceConfigError(
            f"Reddit refused access to {what} (HTTP 403): it may be private, quarantined or "
            "banned. Remove it from [reddit] subreddits if it stays that way.")
    return SourceError(f"Reddit answered HTTP {status} while reading {what}.")


# -------------------------------------------------------------------------
# Turning praw objects into RawItems


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)  # Redditor, Subreddit... print as their names


def raw_fields(thing: Any) -> dict[str, Any]:
    """The JSON Reddit sent for ``thing``, as praw keeps it (praw objects as names)."""
    return {key: _jsonable(value) for key, value in vars(thing).items()
            if not key.startswith("_")}


def thing_to_item(thing: Any, source_key: str, reddit_url: str,
                  fetched_at: datetime) -> RawItem:
    """A praw Submission or Comment as a RawItem."""
    raw = raw_fields(thing)
    fullname = raw.get("name") or thing.fullname
    permalink = raw.get("permalink") or ""
    url = reddit_url.rstrip("/") + permalink if permalink.startswith("/") else permalink
    author = raw.get("author")
    created = raw.get("created_utc")
    posted = datetime.fromtimestamp(float(created), UTC) if created is not None else None
    if fullname.startswith("t1_"):
        link_id = raw.get("link_id") or ""
        return RawItem(
            source="reddit", source_key=source_key, external_id=fullname, kind="comment",
            url=url, text=raw.get("body") or "", title="",
            author=author if author not in (None, "[deleted]") else None,
            posted_at=posted, fetched_at=fetched_at,
            thread_key=f"reddit:{link_id}" if link_id else f"reddit:{fullname}",
            canonical_url=canonical_url(url), raw=raw,
        )
    return RawItem(
        source="reddit", source_key=source_key, external_id=fullname, kind="submission",
        url=url, text=raw.get("selftext") or "", title=raw.get("title") or "",
        author=author if author not in (None, "[deleted]") else None,
        posted_at=posted, fetched_at=fetched_at, thread_key=f"reddit:{fullname}",
        canonical_url=canonical_url(url), raw=raw,
    )


def _read_newest(connection: RedditConnection, listing: Callable[[], Iterable[Any]],
                 cursor: dict[str, Any] | None, limit: int, what: str,
                 source_key: str, now: datetime) -> tuple[list[RawItem], dict[str, Any] | None,
                                                          bool]:
    """Newest-first items down to ``cursor``; returns (items, new cursor, hit the limit)."""
    stop_name = (cursor or {}).get("fullname")
    stop_time = float((cursor or {}).get("created_utc") or 0)
    items: list[RawItem] = []
    newest: dict[str, Any] | None = None
    reached_cursor = cursor is None
    for thing in connection.iterate(listing, what):
        created = float(getattr(thing, "created_utc", 0) or 0)
        if thing.fullname == stop_name or (stop_time and created < stop_time):
            reached_cursor = True
            break
        if newest is None or created > newest["created_utc"]:
            newest = {"fullname": thing.fullname, "created_utc": created}
        items.append(thing_to_item(thing, source_key, connection.settings.reddit_url, now))
        if len(items) >= limit:
            break
    truncated = not reached_cursor and len(items) >= limit
    return items, newest or cursor, truncated


class SubredditSource:
    """Newest submissions and comments of one subreddit, resumed from a cursor."""

    source = "reddit"

    def __init__(self, connection: RedditConnection, subreddit: str) -> None:
        self.connection = connection
        self.subreddit = subreddit
        self.key = f"reddit:r/{subreddit}"
        self.display_name = f"Reddit r/{subreddit}"

    def __repr__(self) -> str:
        return f"SubredditSource({self.key!r})"

    def fetch(self, state: dict[str, Any]) -> FetchResult:
        """New submissions and comments since the stored cursors."""
        stored = dict(state.get("state") or {})
        limit = self.connection.settings.max_items_per_listing
        now = datetime.now(UTC)
        result = FetchResult()
        with self.connection.lock:
            subreddit = self.connection.reddit.subreddit(self.subreddit)
            for listing_name, listing in (
                ("submissions", lambda: subreddit.new(limit=limit)),
                ("comments", lambda: subreddit.comments(limit=limit)),
            ):
                what = f"r/{self.subreddit} ({listing_name})"
                items, cursor, truncated = _read_newest(
                    self.connection, listing, stored.get(listing_name), limit, what, self.key,
                    now)
                result.items.extend(items)
                stored[listing_name] = cursor
                if truncated:
                    result.warnings.append(
                        f"r/{self.subreddit} had more than {limit} new {listing_name} since the "
                        "last run; older ones were not read (raise max_items_per_listing).")
        result.state = stored
        newest = [c for c in (stored.get("submissions"), stored.get("comments")) if c]
        if newest:
            result.cursor = max(newest, key=lambda c: c["created_utc"])["fullname"]
        return result


def search_queries(school: School) -> list[str]:
    """Reddit search queries for a school: each distinct name as an exact phrase."""
    seen: dict[str, str] = {}
    for name in school.all_names:
        seen.setdefault(" ".join(name.lower().split()), f'"{name}"')
    return list(seen.values())


class SearchSource:
    """Site-wide Reddit search (newest first) for every name of one school."""

    source = "reddit"

    def __init__(self, connection: RedditConnection, school: School) -> None:
        self.connection = connection
        self.school = school
        self.key = f"reddit:search:{school.id}"
        self.display_name = f"Reddit search: {school.name}"

    def __repr__(self) -> str:
        return f"SearchSource({self.key!r})"

    def fetch(self, state: dict[str, Any]) -> FetchResult:
        """New submissions matching any of the school's names since the stored cursors."""
        stored = dict(state.get("state") or {})
        cursors: dict[str, Any] = dict(stored.get("queries") or {})
        limit = self.connection.settings.max_items_per_listing
        now = datetime.now(UTC)
        result = FetchResult()
        with self.connection.lock:
            everywhere = self.connection.reddit.subreddit("all")
            for query in search_queries(self.school):
                items, cursor, truncated = _read_newest(
                    self.connection,
                    lambda q=query: everywhere.search(q, sort="new", time_filter="all",
                                                      limit=limit),
                    cursors.get(query), limit, f"the search for {query}", self.key, now)
                result.items.extend(items)
                cursors[query] = cursor
                if truncated:
                    result.warnings.append(f"The Reddit search for {query} found more than "
                                           f"{limit} new posts; older ones were not read.")
        stored["queries"] = cursors
        result.state = stored
        return result
