"""Build every source the configuration asks for: the flow's single entry point.

Order: Reddit subreddits, Reddit searches (one per school), configured feeds,
then Google News searches (one per distinct school name). Keys are stable
across runs, so cursors, ETags and health carry over:

* ``reddit:r/<subreddit>``, ``reddit:search:<school id>``
* ``feed:<url>`` for configured feeds and for each generated Google News URL

Reddit sources are returned even when its credentials are missing; their
``fetch`` then raises :class:`SourceConfigError` naming the environment
variables, so the problem shows in source health and the feeds still run.
"""

from __future__ import annotations

from connectors.base import Source
from connectors.feeds import FeedSource, google_news_url
from connectors.http import DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, HttpClient
from connectors.matching import SchoolMatcher, words
from connectors.reddit import RedditConnection, SearchSource, SubredditSource
from schoolwatch.config import Config, FeedSettings


def build_sources(config: Config, *, http: HttpClient | None = None,
                  matcher: SchoolMatcher | None = None,
                  reddit: RedditConnection | None = None,
                  timeout: float = DEFAULT_TIMEOUT) -> list[Source]:
    """Every source for ``config``; nothing is fetched until ``fetch`` is called.

    ``http``, ``matcher`` and ``reddit`` may be passed in to share them (or to
    shorten timeouts in tests); by default they are created here.
    """
    sources: list[Source] = []
    if config.reddit is not None:
        connection = reddit or RedditConnection(config.reddit, timeout=timeout)
        sources.extend(SubredditSource(connection, name) for name in config.reddit.subreddits)
        if config.reddit.search:
            sources.extend(SearchSource(connection, school) for school in config.schools)
    http_client = http or HttpClient(user_agent=_feed_user_agent(config), timeout=timeout)
    school_matcher = matcher
    if school_matcher is None and any(f.follow_comments_days > 0 for f in config.feeds):
        school_matcher = SchoolMatcher(config.schools)
    sources.extend(FeedSource(feed, http_client, school_matcher) for feed in config.feeds)
    if config.google_news.enabled:
        seen: set[tuple[str, ...]] = set()
        for school in config.schools:
            for name in school.all_names:
                folded = tuple(words(name))
                if not folded or folded in seen:
                    continue
                seen.add(folded)
                settings = FeedSettings(url=google_news_url(config.google_news.base_url, name),
                                        name=f'Google News: "{name}"', kind="google_news")
                sources.append(FeedSource(settings, http_client))
    return sources


def _feed_user_agent(config: Config) -> str:
    """The feed User-Agent: the Reddit one when configured (it names a contact)."""
    if config.reddit is not None and config.reddit.user_agent.strip():
        return config.reddit.user_agent.strip()
    return DEFAULT_USER_AGENT
