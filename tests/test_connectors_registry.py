"""build_sources, the demo servers, dedup into a real DuckDB file, and source health."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from connectors.feeds import FeedSource
from connectors.http import HttpClient
from connectors.loopback import start_demo_servers
from connectors.registry import build_sources
from schoolwatch.config import FeedSettings, load_config
from schoolwatch.errors import SourceConfigError, SourceError
from warehouse import Warehouse, mentions, sources

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "fixtures" / "connectors" / "corpus"

DEMO_CONFIG = """
[warehouse]
path = "{db}"

[[school]]
id = "beech-hill"
name = "Beech Hill Community Primary School"
aliases = ["Beech Hill Primary", "Beech Hill school"]
context = ["Luton", "LU4"]
exclude = ["Beech Hill Road"]

[reddit]
user_agent = "schoolwatch-tests/0.1 (loopback)"
subreddits = ["Luton"]
oauth_url = "{base}"
reddit_url = "{base}"

[google_news]
enabled = true
base_url = "{base}/rss/search"

[[feed]]
name = "Luton Gazette"
url = "{base}/gazette/feed/"
"""


def write_config(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture()
def example_config(tmp_path):
    text = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    return load_config(write_config(tmp_path, text), environ={})


@pytest.fixture()
def demo():
    with start_demo_servers(CORPUS) as servers:
        yield servers


@pytest.fixture()
def demo_config(tmp_path, demo):
    text = DEMO_CONFIG.format(base=demo.base_url, db=tmp_path / "sw.duckdb")
    return load_config(write_config(tmp_path, text),
                       environ={"SCHOOLWATCH_REDDIT_CLIENT_ID": "demo-id",
                                "SCHOOLWATCH_REDDIT_CLIENT_SECRET": "demo-secret"})


def test_build_sources_for_the_example_config(example_config):
    built = build_sources(example_config)
    keys = [s.key for s in built]
    assert len(keys) == len(set(keys))
    assert keys == [s.key for s in build_sources(example_config)]       # stable across runs
    assert "reddit:r/Luton" in keys and "reddit:search:beech-hill" in keys
    assert "feed:https://bicesterbugle.example/feed/" in keys
    news = [s for s in built if s.key.startswith("feed:https://news.google.com/rss/search?")]
    assert any("q=%22Beech+Hill+Primary%22" in s.key for s in news)
    assert all(s.source in ("reddit", "feed") and s.display_name for s in built)
    by_key = {s.key: s for s in built}
    assert by_key["reddit:r/Luton"].display_name == "Reddit r/Luton"
    assert by_key["feed:https://bicesterbugle.example/feed/"].display_name == "Bicester Bugle"


def test_missing_reddit_credentials_are_a_clear_config_error(example_config):
    reddit_source = next(s for s in build_sources(example_config) if s.source == "reddit")
    with pytest.raises(SourceConfigError) as info:
        reddit_source.fetch({})
    assert "SCHOOLWATCH_REDDIT_CLIENT_ID" in str(info.value)
    assert "SCHOOLWATCH_REDDIT_CLIENT_SECRET" in str(info.value)


def test_demo_servers_speak_reddit_and_serve_feeds(demo):
    assert demo.base_url.startswith("http://127.0.0.1:")
    with httpx.Client() as client:
        feed = client.get(f"{demo.base_url}/gazette/feed/")
        assert feed.status_code == 200 and b"__BASE__" not in feed.content
        assert demo.base_url.encode() in feed.content
        news = client.get(f"{demo.base_url}/rss/search", params={"q": '"Beech Hill Primary"'})
        assert b"plants 200 trees" in news.content
        other = client.get(f"{demo.base_url}/rss/search", params={"q": '"Nowhere School"'})
        assert other.status_code == 200 and b"<item>" not in other.content
        token = client.post(f"{demo.base_url}/api/v1/access_token",
                            data={"grant_type": "client_credentials"}, auth=("id", "secret"))
        assert token.json()["token_type"] == "bearer"
    assert demo.feed_urls == [f"{demo.base_url}/gazette/feed/"]


def fetch_all(config, state_of=lambda key: {}):
    items, failures = [], {}
    for source in build_sources(config, timeout=5):
        try:
            items.extend(source.fetch(state_of(source.key)).items)
        except SourceError as exc:
            failures[source.key] = str(exc)
    return items, failures


def test_demo_run_stores_each_post_once_and_links_the_same_article(demo_config):
    items, failures = fetch_all(demo_config)
    assert failures == {}
    ids = {i.external_id for i in items}
    assert {"t3_dm1", "t3_dm2", "t1_dc1"} <= ids
    # t3_dm1 came from both r/Luton and the site-wide search: same mention id.
    assert len([i for i in items if i.external_id == "t3_dm1"]) == 2
    warehouse = Warehouse(demo_config.warehouse_path)
    with warehouse.write() as con:
        new_ids = mentions.insert_raw(con, items)
        linked = mentions.link_duplicates(con, new_ids)
    assert len(new_ids) == len({i.mention_id for i in items}) == len(items) - 1
    # The gazette article and its Google News copy share a canonical URL: linked once.
    assert linked == 1
    again, _ = fetch_all(demo_config)
    with warehouse.write() as con:
        assert mentions.insert_raw(con, again) == []       # a rerun adds nothing
        assert mentions.count(con) == len(new_ids)
        stored = mentions.get(con, next(i.mention_id for i in items if i.external_id == "t1_dc1"))
    assert stored["thread_key"] == "reddit:t3_dm1" and stored["author"] == "fictional_neighbour"


def test_feed_health_turns_unhealthy_only_after_repeated_failures(tmp_path):
    warehouse = Warehouse(tmp_path / "health.duckdb")
    source = FeedSource(FeedSettings(url="http://127.0.0.1:9/never/", name="Dead feed"),
                        HttpClient(timeout=0.5, max_retries=0))
    healthy = []
    for _ in range(3):
        with warehouse.read() as con:
            state = sources.get_state(con, source.key)
        with pytest.raises(SourceError) as info:
            source.fetch(state)
        with warehouse.write() as con:
            sources.record_failure(con, source.key, source.source, source.display_name,
                                   str(info.value))
            row = next(r for r in sources.health(con) if r["source_key"] == source.key)
        healthy.append(row["healthy"])
    assert healthy == [True, True, False]
    assert "Could not reach" in row["last_error"] and row["consecutive_failures"] == 3
