"""The demo server answers the deletion watch as the real sites would.

``schoolwatch demo`` re-checks every open case's posts against its loopback
server. Reddit permalinks' ``.json`` and the pages that feed entries link to
must be served, or every post in the demo reads as taken down (HTTP 404).
These tests take the posts as the connectors capture them and re-check them
with the deletion watch's own code, without a Prefect flow.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlencode

import httpx
import pytest

from connectors.feeds import FeedSource
from connectors.http import HttpClient
from connectors.loopback import DemoServers, start_demo_servers
from connectors.recheck import RecheckResult, RecheckTarget, recheck_many
from connectors.reddit import thing_to_item
from schoolwatch.config import FeedSettings
from schoolwatch.demo.runner import corpus_dir
from schoolwatch.domain import RawItem

NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


@pytest.fixture()
def servers() -> Iterator[DemoServers]:
    with start_demo_servers(corpus_dir()) as running:
        yield running


def captured_feed_items(servers: DemoServers) -> list[RawItem]:
    """Every entry of every demo feed, as the feed connector captures it."""
    items: list[RawItem] = []
    for feed in json.loads((corpus_dir() / "feeds.json").read_text(encoding="utf-8")):
        url = f"{servers.base_url}{feed['path']}"
        if feed.get("query"):
            url += "?" + urlencode({"q": feed["query"]})
        kind = "wordpress" if feed["kind"] == "wordpress_post" else feed["kind"]
        source = FeedSource(FeedSettings(url=url, kind=kind), HttpClient(max_retries=0),
                            clock=lambda: NOW)
        items.extend(source.fetch({}).items)
    return items


def captured_reddit_items(servers: DemoServers) -> list[RawItem]:
    """Every demo submission and comment, as the Reddit connector captures it."""
    corpus = json.loads((corpus_dir() / "reddit.json").read_text(encoding="utf-8"))
    return [thing_to_item(SimpleNamespace(**data), "reddit:demo", servers.reddit_url, NOW)
            for data in [*corpus["submissions"], *corpus["comments"]]]


def target(item: RawItem) -> RecheckTarget:
    """The deletion watch's target for a stored post (as ``flows.deletion_watch`` builds it)."""
    return RecheckTarget(mention_id=item.mention_id, source=item.source, kind=item.kind,
                         url=item.url, external_id=item.external_id, title=item.title,
                         body=item.text)


def recheck_items(servers: DemoServers, items: list[RawItem]) -> list[RecheckResult]:
    return recheck_many([target(i) for i in items], user_agent="schoolwatch tests",
                        reddit_url=servers.reddit_url, timeout=5)


def by_id(items: list[RawItem], external_id: str) -> RawItem:
    return next(i for i in items if i.external_id == external_id)


def test_every_demo_post_is_still_there_unchanged(servers: DemoServers) -> None:
    feed_items = captured_feed_items(servers)
    reddit_items = captured_reddit_items(servers)
    kinds = Counter((i.source, i.kind) for i in [*feed_items, *reddit_items])
    assert {("feed", "article"), ("feed", "feed_comment"), ("reddit", "submission"),
            ("reddit", "comment")} <= set(kinds)
    assert len(reddit_items) >= 250 and len(feed_items) >= 150

    results = recheck_items(servers, [*feed_items, *reddit_items])
    wrong = [(r.status, r.http_status, r.detail, t.url)
             for r, t in zip(results, [*feed_items, *reddit_items], strict=True)
             if r.status != "present"]
    assert not wrong, wrong[:10]
    assert all(r.http_status == 200 for r in results)


def test_posts_taken_down_or_edited_on_the_demo_server_are_seen(servers: DemoServers) -> None:
    reddit_items = captured_reddit_items(servers)
    feed_items = captured_feed_items(servers)
    comment, other_comment, submission = (
        by_id(reddit_items, "t1_n3azvcd"), by_id(reddit_items, "t1_nyret3a"),
        next(i for i in reddit_items if i.kind == "submission"))
    article = next(i for i in feed_items if i.kind == "article" and "bicesterbugle" in i.url
                   and "man-arrested" in i.url)
    on_article = [i for i in feed_items if i.kind == "feed_comment"
                  and i.url.startswith(article.url) and "#comment-" in i.url]
    long_comments = [i for i in feed_items if i.kind == "feed_comment"
                     and "/lutonnews/" in i.url and len(i.text.split()) >= 18]
    assert on_article and len(long_comments) >= 2
    rewritten, trimmed = long_comments[0], long_comments[1]

    servers.reddit.remove(comment.external_id)
    servers.reddit.remove(submission.external_id, by="author")
    servers.reddit.edit(other_comment.external_id, "Sorry, I was angry. Sorted it with the school.")
    servers.pages.remove(article.url)
    servers.pages.replace(rewritten.url, "Nothing to see here any more.")
    words = trimmed.text.split()
    servers.pages.replace(trimmed.url, " ".join(words[:len(words) * 3 // 4]) + " [edited]")
    gone_comment = replace(comment, external_id="t1_zzzzzzz",
                           url=comment.url.replace("n3azvcd", "zzzzzzz"))
    unknown_page = replace(article, url=f"{servers.base_url}/no/such/page/")

    checked = [comment, submission, other_comment, article, on_article[0], rewritten, trimmed,
               gone_comment, unknown_page]
    results = {t.url: r for t, r in zip(checked, recheck_items(servers, checked), strict=True)}

    assert results[comment.url].status == "removed"
    assert "Reddit shows it as removed" in results[comment.url].detail
    assert results[submission.url].status == "removed"
    assert results[other_comment.url].status == "edited"
    assert "Reddit marks it edited" in results[other_comment.url].detail
    assert (results[article.url].status, results[article.url].http_status) == ("removed", 404)
    assert results[on_article[0].url].status == "removed"  # its page went with the article
    assert results[rewritten.url].status == "removed"
    assert results[trimmed.url].status == "edited"
    assert results[gone_comment.url].status == "removed"
    assert (results[unknown_page.url].status, results[unknown_page.url].http_status) == \
        ("removed", 404)


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_demo_pages_serve_no_live_markup_from_hostile_posts(servers: DemoServers) -> None:
    urls = servers.pages.urls()
    assert len(urls) >= 30
    markup = _Markup()
    with httpx.Client(timeout=5) as client:
        for url in urls:
            response = client.get(url.replace("https://", "http://", 1))
            assert response.status_code == 200, url
            assert response.headers["content-type"].startswith("text/html")
            markup.feed(response.text)
    # The corpus's script and onerror payloads reach the pages as text, never as markup.
    assert not markup.tags & {"script", "iframe", "object", "embed", "style"}
    assert not {a for a in markup.attributes if a.startswith("on")}
