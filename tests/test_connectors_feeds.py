"""Real feeds over loopback HTTP, parsed by feedparser: one fixture file per case."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from connectors.feeds import FeedSource, google_news_url
from connectors.http import HttpClient
from connectors.loopback import FeedCatalogue, LoopbackServer
from connectors.matching import SchoolMatcher
from schoolwatch.config import FeedSettings, School
from schoolwatch.errors import SourceError

FIXTURES = Path(__file__).parent / "fixtures" / "connectors" / "feeds"
CONTENT_TYPES = {
    "windows1252.xml": "text/xml",                 # no charset: the XML prolog must win
    "no_charset_utf8.xml": "application/xml",      # no charset, no prolog: UTF-8
    "not_a_feed.html": "text/html; charset=utf-8",
    "google_alerts.xml": "application/atom+xml",
    "atom.xml": "application/atom+xml; charset=utf-8",
}
SCHOOLS = [
    School(id="glory-farm", name="Glory Farm Primary School", aliases=("Glory Farm Primary",),
           context=("Bicester",)),
    School(id="beech-hill", name="Beech Hill Community Primary School",
           aliases=("Beech Hill Primary",), context=("Luton",)),
]


@pytest.fixture(scope="module")
def catalogue():
    return FeedCatalogue()


@pytest.fixture(scope="module")
def server(catalogue):
    for path in sorted(FIXTURES.iterdir()):
        catalogue.add(f"/{path.stem}/", path.read_bytes(),
                      CONTENT_TYPES.get(path.name, "application/rss+xml; charset=utf-8"))
    # The per-post comment feed announced by rss20_wordpress.xml (wfw:commentRss).
    catalogue.add("/2024/05/glory-farm-reading-prize/feed/",
                  (FIXTURES / "wordpress_post_comments.xml").read_bytes())
    catalogue.add("/gone/", b"", status=410)
    catalogue.hang("/never-answers/")
    with LoopbackServer([catalogue], max_hang_seconds=30) as running:
        yield running


@pytest.fixture()
def http():
    with HttpClient(timeout=2.0, max_retries=1, backoff_base=0.05,
                    user_agent="schoolwatch-tests/1.0 (+loopback)") as client:
        yield client


def fetch(server, http, stem, kind="rss", state=None, matcher=None, follow_days=0):
    source = FeedSource(FeedSettings(url=f"{server.base_url}/{stem}/", kind=kind,
                                     follow_comments_days=follow_days), http, matcher)
    return source, source.fetch(state or {})


def test_rss2_wordpress_article_html_kept_verbatim_and_text_safe(server, http):
    source, result = fetch(server, http, "rss20_wordpress")
    assert source.key == f"feed:{server.base_url}/rss20_wordpress/"
    assert [i.kind for i in result.items] == ["article", "article"]
    prize = result.items[0]
    assert "<script>alert('x')</script>" in prize.raw["body"]          # verbatim evidence
    assert "alert" not in prize.text and "<" not in prize.text          # safe plain text
    assert "Glory Farm Primary in Bicester celebrated a prize." in prize.text
    assert prize.author == "Alex Reporter"
    assert prize.posted_at.isoformat() == "2024-05-13T09:30:00+00:00"
    assert "utm_source" in prize.url and "utm_" not in prize.canonical_url
    assert prize.thread_key == prize.canonical_url
    assert prize.raw["wfw_commentrss"].endswith("/2024/05/glory-farm-reading-prize/feed/")
    closures = result.items[1]
    assert closures.url == f"{server.base_url}/2024/05/road-closures/"   # relative link resolved
    assert closures.posted_at is None                                    # missing date is fine
    assert result.etag and not result.not_modified


def test_conditional_get_second_run_is_not_modified(server, http, catalogue):
    _, first = fetch(server, http, "rss091")
    state = {"etag": first.etag, "last_modified": first.last_modified, "state": first.state}
    before = catalogue.hits.get("/rss091/", 0)
    _, second = fetch(server, http, "rss091", state=state)
    assert catalogue.hits["/rss091/"] == before + 1
    assert second.not_modified and second.items == []


@pytest.mark.parametrize("stem, title, version", [
    ("rss091", "Bratton Primary fete raises funds", "rss091"),
    ("rdf", "St Stephen's Academy judged good", "rss10"),
    ("atom", "Riverside North Primary opens new library", "atom10"),
])
def test_rss091_rdf_and_atom(server, http, stem, title, version):
    _, result = fetch(server, http, stem)
    (item,) = result.items
    assert item.title == title and item.raw["feed_version"].startswith(version[:5])
    assert item.url.startswith(server.base_url)


def test_atom_relative_link_resolved_against_xml_base(server, http):
    _, result = fetch(server, http, "atom")
    assert result.items[0].url == f"{server.base_url}/atom/stories/riverside-library"
    assert "<em>" not in result.items[0].title


def test_google_alerts_unwraps_redirect_and_strips_markup(server, http):
    _, result = fetch(server, http, "google_alerts", kind="google_alerts")
    (item,) = result.items
    assert item.title == "St Stephens Community Academy judged good"
    assert item.url.startswith(f"{server.base_url}/rdf/st-stephens-ofsted.html")
    assert item.canonical_url.endswith("/rdf/st-stephens-ofsted.html")


def test_same_article_from_two_feeds_has_one_canonical_url(server, http):
    _, alert = fetch(server, http, "google_alerts", kind="google_alerts")
    _, site = fetch(server, http, "rdf")
    assert alert.items[0].canonical_url == site.items[0].canonical_url
    assert alert.items[0].external_id != site.items[0].external_id


def test_google_news_search_url_and_entries(server, http):
    url = google_news_url("https://news.google.com/rss/search", "St Stephen's Academy")
    assert url == ("https://news.google.com/rss/search?q=%22St+Stephen%27s+Academy%22"
                   "&hl=en-GB&gl=GB&ceid=GB%3Aen")
    _, result = fetch(server, http, "google_news", kind="google_news")
    (item,) = result.items
    assert item.kind == "article" and item.raw["source"]["title"] == "Oxford Times"
    assert "Cooper School in Bicester" in item.text


def test_wordpress_site_comment_feed_threads_on_the_article(server, http):
    _, result = fetch(server, http, "wordpress_site_comments", kind="wordpress")
    assert [i.kind for i in result.items] == ["feed_comment", "feed_comment"]
    first, second = result.items
    assert first.thread_key == second.thread_key
    assert first.thread_key.endswith("/2024/06/new-head-beech-hill")
    assert first.canonical_url != second.canonical_url          # two comments, not duplicates
    assert first.author == "Chris Parent"


def test_disqus_latest_comments(server, http):
    _, result = fetch(server, http, "disqus_latest", kind="disqus")
    (item,) = result.items
    assert item.kind == "feed_comment" and item.author == "Wilts Resident"
    assert item.thread_key.endswith("/news/bratton-parking-row")
    assert item.external_id.endswith(":5551234")                # bare guid scoped to its site


def test_declared_windows_1252_without_http_charset(server, http):
    _, result = fetch(server, http, "windows1252")
    (item,) = result.items
    assert item.title == "Parents\u2019 views on Beech Hill Primary \u2013 \u201cgood\u201d"
    assert item.text == "Na\u00efve caf\u00e9 chat about the school \u20ac fees."


def test_missing_charset_defaults_to_utf8(server, http):
    _, result = fetch(server, http, "no_charset_utf8")
    assert result.items[0].title == "Glory Farm school f\u00eate \u2013 a success"


def test_malformed_feed_with_version_is_kept_with_a_warning(server, http):
    _, result = fetch(server, http, "bozo_malformed")
    assert len(result.items) == 1 and result.items[0].title.startswith("Riverside South")
    assert result.warnings and "entries were still read" in result.warnings[0]


def test_html_page_is_not_a_feed(server, http):
    with pytest.raises(SourceError, match="did not return an RSS or Atom feed"):
        fetch(server, http, "not_a_feed")


def test_gone_feed_raises_readable_source_error(server, http):
    with pytest.raises(SourceError, match="410"):
        fetch(server, http, "gone")


def test_feed_that_never_answers_times_out(server):
    with HttpClient(timeout=0.5, max_retries=0) as quick:
        started = time.monotonic()
        with pytest.raises(SourceError, match="did not answer"):
            fetch(server, quick, "never-answers")
        assert time.monotonic() - started < 5


def test_server_error_then_success_is_retried(server, http, catalogue):
    catalogue.fail("/rss091/", 503, times=1)
    _, result = fetch(server, http, "rss091")
    assert len(result.items) == 1


def test_huge_entry_is_capped_not_fatal(catalogue, server, http):
    body = "<p>" + "Beech Hill Primary is mentioned in a very long post. " * 60_000 + "</p>"
    feed = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Big'
            f"</title><link>__BASE__/</link><description>x</description><item><title>Huge"
            f"</title><link>__BASE__/huge/1</link><description><![CDATA[{body}]]>"
            f"</description></item></channel></rss>").encode()
    assert len(feed) > 3_000_000
    catalogue.add("/huge/", feed)
    _, result = fetch(server, http, "huge")
    (item,) = result.items
    assert len(item.text) == 100_000 and item.raw.get("truncated") is True
    assert len(item.raw["body"]) == 1_000_000


def test_follows_comment_feeds_of_articles_about_a_school(server, http, catalogue):
    matcher = SchoolMatcher(SCHOOLS)
    source, first = fetch(server, http, "rss20_wordpress", matcher=matcher, follow_days=14)
    follows = first.state["follow"]
    # Only the article that mentions a school is followed, not "Road closures".
    assert list(follows) == [f"{server.base_url}/2024/05/glory-farm-reading-prize/feed/"]
    comments = [i for i in first.items if i.kind == "feed_comment"]
    article = next(i for i in first.items if i.kind == "article" and "Glory" in i.title)
    assert len(comments) == 2
    assert {c.thread_key for c in comments} == {article.thread_key}
    # Next run: the main feed is unchanged (304) but the comment feed is still polled.
    hits = catalogue.hits["/2024/05/glory-farm-reading-prize/feed/"]
    state = {"etag": first.etag, "last_modified": first.last_modified, "state": first.state}
    second = source.fetch(state)
    assert second.not_modified
    assert catalogue.hits["/2024/05/glory-farm-reading-prize/feed/"] == hits + 1
    assert second.items == []  # comment feed answered 304 too


def test_follow_expires_after_the_configured_days(server, http):
    from datetime import UTC, datetime, timedelta

    matcher = SchoolMatcher(SCHOOLS)
    settings = FeedSettings(url=f"{server.base_url}/rss20_wordpress/", follow_comments_days=1)
    later = datetime.now(UTC) + timedelta(days=2)
    source = FeedSource(settings, http, matcher, clock=lambda: later)
    old_state = {"follow": {"http://127.0.0.1:1/old/feed/": {
        "thread_key": "x", "until": (later - timedelta(hours=1)).isoformat()}}}
    result = source.fetch({"state": old_state})
    assert "http://127.0.0.1:1/old/feed/" not in result.state["follow"]
