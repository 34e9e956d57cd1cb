"""Real praw against the loopback Reddit: token, listings, cursors, rate limits, faults."""

from __future__ import annotations

import time

import pytest

from connectors.loopback import LoopbackServer, RedditApi
from connectors.reddit import RedditConnection, SearchSource, SubredditSource, search_queries
from schoolwatch.config import RedditSettings, School
from schoolwatch.errors import SourceConfigError, SourceError

BASE_TIME = 1_720_000_000
BEECH_HILL = School(id="beech-hill", name="Beech Hill Community Primary School",
                    aliases=("Beech Hill Primary", "Beech Hill school"), context=("Luton",))


def submissions():
    posts = [{"id": f"s{i}", "subreddit": "Luton", "author": f"user{i}",
              "title": f"Local news {i}", "selftext": f"Post number {i}",
              "created_utc": BASE_TIME + i * 60, "num_comments": 0, "score": 3}
             for i in range(30)]
    posts.append({"id": "bh1", "subreddit": "UKParenting", "author": "worried_parent",
                  "title": "Beech Hill Primary and the new uniform rules",
                  "selftext": "Anyone else at Beech Hill Primary in Luton?",
                  "created_utc": BASE_TIME + 10_000, "num_comments": 1, "score": 12})
    return posts


def comments():
    return [{"id": "c1", "subreddit": "Luton", "author": "neighbour",
             "body": "The head at Beech Hill school never answers emails.",
             "link_id": "t3_s3", "parent_id": "t3_s3", "created_utc": BASE_TIME + 500},
            {"id": "c2", "subreddit": "Luton", "author": "[deleted]", "body": "[removed]",
             "link_id": "t3_s3", "parent_id": "t1_c1", "created_utc": BASE_TIME + 600}]


@pytest.fixture()
def api():
    return RedditApi(submissions(), comments(), client_id="test-id", client_secret="test-secret")


@pytest.fixture()
def server(api):
    with LoopbackServer([api]) as running:
        yield running


def connection(server, *, client_id="test-id", client_secret="test-secret", limit=500,
               sleeps=None, **kwargs):
    settings = RedditSettings(
        user_agent="schoolwatch-tests/0.1 (loopback tests)", subreddits=("Luton",),
        oauth_url=server.base_url, reddit_url=server.base_url, client_id=client_id,
        client_secret=client_secret, max_items_per_listing=limit)
    sleep = sleeps.append if sleeps is not None else time.sleep
    return RedditConnection(settings, timeout=5, sleep=sleep, backoff_base=0.05, **kwargs)


def test_token_then_listings_in_reddit_shape(server, api):
    source = SubredditSource(connection(server), "Luton")
    result = source.fetch({})
    assert api.token_requests == 1
    kinds = [i.kind for i in result.items]
    assert kinds.count("submission") == 30 and kinds.count("comment") == 2
    newest = result.items[0]
    assert newest.external_id == "t3_s29" and newest.title == "Local news 29"
    assert newest.url == f"{server.base_url}/r/Luton/comments/s29/"
    assert newest.posted_at.timestamp() == BASE_TIME + 29 * 60
    assert newest.raw["subreddit"] == "Luton" and newest.raw["author"] == "user29"
    comment = next(i for i in result.items if i.external_id == "t1_c1")
    assert comment.thread_key == "reddit:t3_s3" and comment.text.startswith("The head")
    assert comment.author == "neighbour" and comment.raw["link_id"] == "t3_s3"
    deleted = next(i for i in result.items if i.external_id == "t1_c2")
    assert deleted.author is None
    # praw paged through the listing (limit 100 per request) and sent raw_json=1.
    listing_requests = [r for r in server.requests if r.path == "/r/Luton/new"]
    assert listing_requests and listing_requests[0].query["raw_json"] == "1"
    assert server.requests[0].headers["user-agent"].startswith("schoolwatch-tests/0.1")


def test_resumes_from_cursor_and_is_bounded(server, api):
    source = SubredditSource(connection(server, limit=10), "Luton")
    first = source.fetch({})
    assert len([i for i in first.items if i.kind == "submission"]) == 10
    assert first.state["submissions"]["fullname"] == "t3_s29"
    assert not first.warnings  # first run: nothing to compare with
    again = source.fetch({"state": first.state, "cursor": first.cursor})
    assert again.items == []
    api.add_submission({"id": "late", "subreddit": "Luton", "title": "Later",
                        "created_utc": BASE_TIME + 99_999})
    third = source.fetch({"state": first.state})
    assert [i.external_id for i in third.items] == ["t3_late"]
    assert third.state["submissions"]["fullname"] == "t3_late"


def test_more_new_items_than_the_bound_is_reported(server, api):
    source = SubredditSource(connection(server, limit=5), "Luton")
    state = {"submissions": {"fullname": "t3_s0", "created_utc": BASE_TIME}}
    result = source.fetch({"state": state})
    assert len([i for i in result.items if i.kind == "submission"]) == 5
    assert any("more than 5 new submissions" in w for w in result.warnings)


def test_site_wide_search_per_school_name(server, api):
    assert search_queries(BEECH_HILL) == ['"Beech Hill Community Primary School"',
                                          '"Beech Hill Primary"', '"Beech Hill school"']
    source = SearchSource(connection(server), BEECH_HILL)
    result = source.fetch({})
    assert [i.external_id for i in result.items] == ["t3_bh1"]
    assert result.items[0].raw["subreddit"] == "UKParenting"
    searches = [r for r in server.requests if r.path.rstrip("/").endswith("/search")]
    assert {r.query["q"] for r in searches} == set(search_queries(BEECH_HILL))
    assert all(r.query["sort"] == "new" for r in searches)
    rerun = source.fetch({"state": result.state})
    assert rerun.items == []


def test_rate_limit_headers_are_honoured(server, api):
    api.quota, api.window_seconds = 2, 2
    conn = connection(server)
    SubredditSource(conn, "Luton").fetch({})     # two listing requests use the quota up
    limits = conn.reddit.auth.limits
    assert limits["used"] == 2 and limits["remaining"] == 0
    SearchSource(conn, BEECH_HILL).fetch({})
    times = [r.received_at for r in server.requests if r.path.startswith("/r/")]
    assert len(times) == 5
    # After "remaining: 0" praw waited for the reset before the next call.
    assert times[2] - times[1] >= 0.9


def test_503_then_success(server, api, monkeypatch):
    monkeypatch.setattr("prawcore.sessions.FiniteRetryStrategy._sleep_seconds",
                        lambda self: None if self.retries >= 2 else 0.01)
    api.fail_next(503, path_prefix="/r/Luton/new")
    result = SubredditSource(connection(server), "Luton").fetch({})
    assert len(result.items) == 32
    statuses = [r.path for r in server.requests if r.path == "/r/Luton/new"]
    assert len(statuses) == 2


def test_persistent_5xx_becomes_source_error(server, api, monkeypatch):
    monkeypatch.setattr("prawcore.sessions.FiniteRetryStrategy._sleep_seconds",
                        lambda self: None if self.retries >= 2 else 0.01)
    api.fail_next(502, times=100, path_prefix="/r/Luton/new")
    sleeps: list[float] = []
    with pytest.raises(SourceError, match="server error") as info:
        SubredditSource(connection(server, sleeps=sleeps, max_retries=2), "Luton").fetch({})
    assert not isinstance(info.value, SourceConfigError)
    assert len(sleeps) == 2


def test_429_waits_for_the_reset_then_continues(server, api):
    api.fail_next(429, path_prefix="/r/Luton/comments",
                  headers={"retry-after": "1", "x-ratelimit-reset": "1",
                           "x-ratelimit-remaining": "0", "x-ratelimit-used": "100"})
    sleeps: list[float] = []
    result = SubredditSource(connection(server, sleeps=sleeps), "Luton").fetch({})
    assert sleeps == [1.0]
    assert len([i for i in result.items if i.kind == "comment"]) == 2


def test_429_asking_too_long_gives_up_readably(server, api):
    api.fail_next(429, path_prefix="/r/Luton/new", headers={"retry-after": "900"})
    sleeps: list[float] = []
    with pytest.raises(SourceError, match="asked too often"):
        SubredditSource(connection(server, sleeps=sleeps, max_wait=60), "Luton").fetch({})
    assert sleeps == []


def test_401_from_token_endpoint_is_a_config_error_without_retry_loop(server, api):
    api.reject_credentials = True
    with pytest.raises(SourceConfigError, match="SCHOOLWATCH_REDDIT_CLIENT_ID"):
        SubredditSource(connection(server, client_secret="wrong"), "Luton").fetch({})
    assert api.token_requests == 1


def test_401_on_listing_is_a_config_error(server, api, monkeypatch):
    monkeypatch.setattr("prawcore.sessions.FiniteRetryStrategy._sleep_seconds",
                        lambda self: None if self.retries >= 2 else 0.01)
    api.fail_next(401, times=10, path_prefix="/r/",
                  headers={"www-authenticate": 'Bearer realm="reddit", error="invalid_token"'})
    with pytest.raises(SourceConfigError, match="rejected our app credentials"):
        SubredditSource(connection(server), "Luton").fetch({})
    assert len([r for r in server.requests if r.path.startswith("/r/")]) <= 3


def test_private_subreddit_is_a_config_error(server, api):
    api.private_subreddits.add("Luton")
    with pytest.raises(SourceConfigError, match="private"):
        SubredditSource(connection(server), "Luton").fetch({})


def test_missing_credentials_name_the_environment_variables(server):
    source = SubredditSource(connection(server, client_id=None, client_secret=None), "Luton")
    with pytest.raises(SourceConfigError) as info:
        source.fetch({})
    message = str(info.value)
    assert "SCHOOLWATCH_REDDIT_CLIENT_ID" in message
    assert "SCHOOLWATCH_REDDIT_CLIENT_SECRET" in message
    assert server.requests == []
