"""Deletion watch over loopback HTTP: a post present, then edited, then removed.

A small server on 127.0.0.1 answers like Reddit's permalink ``.json`` and
like a news site's comment page; its state is switched between runs.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from policy_support import config, raw_item, seed

from classifiers.policy.triage import store, triage
from connectors.recheck import RecheckTarget, recheck, reddit_json_url
from flows.deletion_watch import recheck_open_cases
from schoolwatch.config import FeedSettings, GoogleNewsSettings
from warehouse import Warehouse, audit, cases, observations

REDDIT_TEXT = "My son's teacher is a useless lazy cow and everyone knows it"
PAGE_TEXT = ("The head teacher shouted at my daughter in front of the whole class and then "
             "refused to meet us about it when we asked politely twice")


class _Site:
    """Mutable state of the fake sites, and every path requested."""

    def __init__(self) -> None:
        self.state = "present"
        self.requests: list[str] = []


def _handler(site: _Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site.requests.append(self.path)
            path = self.path.split("?")[0]
            if path == "/r/Cornwall/comments/T1/post/c1.json":
                self._reddit()
            elif path == "/news/article-1":
                self._page()
            elif path == "/broken":
                self._send(503, b"down for maintenance", "text/plain")
            else:
                self._send(404, b"not found", "text/plain")

        def _reddit(self) -> None:
            body, author, edited = REDDIT_TEXT, "throwaway_parent_1", False
            if site.state == "edited":
                body, edited = "I was upset, sorry. Sorted it with the school.", 1709550000.0
            elif site.state == "removed":
                body, author = "[removed]", "[deleted]"
            listing = [
                {"kind": "Listing", "data": {"children": [
                    {"kind": "t3", "data": {"id": "T1", "name": "t3_T1", "title": "Teachers",
                                            "selftext": "", "author": "someone"}}]}},
                {"kind": "Listing", "data": {"children": [
                    {"kind": "t1", "data": {"id": "c1", "name": "t1_c1", "body": body,
                                            "author": author, "edited": edited,
                                            "replies": ""}}]}},
            ]
            self._send(200, json.dumps(listing).encode(), "application/json; charset=UTF-8")

        def _page(self) -> None:
            if site.state == "removed":
                self._send(404, b"<h1>Not found</h1>", "text/html")
                return
            comment = PAGE_TEXT if site.state == "present" else (
                "The head teacher shouted at my daughter in front of the whole class "
                "[edited: we have now met the school and sorted it out]")
            html = (f"<html><head><script>var x = '{REDDIT_TEXT}';</script></head><body>"
                    f"<article><h1>School news</h1><div class='comment'><p>{comment}</p>"
                    "</div></article></body></html>")
            self._send(200, html.encode("utf-8"), "text/html; charset=utf-8")

    return Handler


@pytest.fixture()
def site() -> Iterator[tuple[_Site, str]]:
    state = _Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _seed_cases(cfg: Any, base: str) -> dict[str, str]:
    wh = Warehouse(cfg.warehouse_path)
    with wh.write() as con:
        seed(con, [
            (raw_item("c1", REDDIT_TEXT, thread="T1",
                      url="https://www.reddit.com/r/Cornwall/comments/T1/post/c1/"),
             ("abusive",), ()),
            (raw_item("f1", PAGE_TEXT, thread="T2", source="feed", kind="feed_comment",
                      url=f"{base}/news/article-1"), ("abusive",), ()),
            (raw_item("x1", "anyone got the nudes of that year 9 girl? here's the link",
                      thread="T3", source="feed", kind="feed_comment",
                      url=f"{base}/media/never-fetch.jpg"), ("abusive",), ()),
        ])
        store(con, triage(cfg, cases.untriaged(con)))
        return {row["thread_key"]: row["case_id"] for row in cases.list_cases(con)}


def test_present_then_edited_then_removed(tmp_path: Path, site: tuple[_Site, str]) -> None:
    state, base = site
    cfg = config(tmp_path, reddit_url=base)
    wh = Warehouse(cfg.warehouse_path)
    case_ids = _seed_cases(cfg, base)
    assert "iioc" in cases_flags(wh, case_ids["T3"])

    first = recheck_open_cases(cfg, wh)
    assert (first["checked"], first["present"], first["skipped_never_fetch"]) == (2, 2, 1)

    with wh.write() as con:
        cases.record_decision(con, case_ids["T1"], "head@ststephens.example", "action",
                              {"action": "request_removal"})
        assert observations.removal_outcome(con, case_ids["T1"])["answer"] == "not_checked"

    state.state = "edited"
    second = recheck_open_cases(cfg, wh)
    assert (second["edited"], second["present"]) == (2, 0)
    assert {(c["from"], c["to"]) for c in second["changes"]} == {("present", "edited")}
    with wh.read() as con:
        outcome = observations.removal_outcome(con, case_ids["T1"])
        assert outcome["answer"] == "edited"

    state.state = "removed"
    third = recheck_open_cases(cfg, wh)
    assert third["removed"] == 2
    with wh.read() as con:
        outcome = observations.removal_outcome(con, case_ids["T1"])
        assert outcome["answer"] == "removed"
        assert outcome["removed_at"] > outcome["requested_at"]
        # No request was recorded for the news comment: the watch says so.
        assert observations.removal_outcome(con, case_ids["T2"])["answer"] == "no_request"
        page_history = [o["status"] for o in observations.case_history(con, case_ids["T2"])]
        assert page_history == ["present", "edited", "removed"]
        assert observations.case_history(con, case_ids["T2"])[-1]["http_status"] == 404
        custody = [e["action"] for e in reversed(audit.entries(con, "case", case_ids["T1"]))]
        assert custody[-3:] == ["observed_present", "observed_edited", "observed_removed"]
        removed = observations.removed_since(con, outcome["requested_at"])
        assert {r["status"] for r in removed} == {"edited", "removed"}

    # Removed posts are not fetched again; the IIOC URL was never fetched at all.
    assert recheck_open_cases(cfg, wh)["checked"] == 0
    assert not any("never-fetch" in path for path in state.requests)


def cases_flags(wh: Warehouse, case_id: str) -> list[str]:
    with wh.read() as con:
        return list(cases.get(con, case_id)["flags"])


def test_unreachable_and_media_are_reported_not_downloaded(site: tuple[_Site, str]) -> None:
    _, base = site
    with httpx.Client(timeout=5) as client:
        broken = recheck(RecheckTarget("m1", "feed", "article", f"{base}/broken",
                                       body="text"), client)
        assert (broken.status, broken.http_status) == ("unreachable", 503)
        refused = recheck(RecheckTarget("m2", "feed", "article", "http://127.0.0.1:9/x",
                                        body="text"), client)
        assert refused.status == "unreachable" and refused.http_status is None
        odd = recheck(RecheckTarget("m3", "feed", "article", "javascript:alert(1)"), client)
        assert odd.status == "unreachable"

    def media(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "image/jpeg"}, content=b"\xff" * 10)

    with httpx.Client(transport=httpx.MockTransport(media)) as client:
        result = recheck(RecheckTarget("m4", "feed", "article", "https://x.example/a.jpg"),
                         client)
    assert result.status == "present" and "not downloaded" in result.detail
    assert result.content_sha256 is None


def test_reddit_json_url_rebases_onto_the_configured_host() -> None:
    url = "https://www.reddit.com/r/Luton/comments/abc/title/def/"
    assert reddit_json_url(url) == \
        "https://www.reddit.com/r/Luton/comments/abc/title/def.json?raw_json=1"
    assert reddit_json_url(url, "http://127.0.0.1:8000") == \
        "http://127.0.0.1:8000/r/Luton/comments/abc/title/def.json?raw_json=1"


def test_a_page_that_cannot_show_the_captured_text_is_only_checked_as_a_page() -> None:
    """Disqus loads comments with a script; Google News and Alerts capture a snippet."""
    def page(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html><body><article>Story</article>"
                                        "<div id=disqus_thread></div></body></html>")

    comment = "Mr Hollis should be ashamed of himself, honestly"
    with httpx.Client(transport=httpx.MockTransport(page)) as client:
        plain = recheck(RecheckTarget("m1", "feed", "feed_comment", "https://n.example/a",
                                      body=comment), client)
        disqus = recheck(RecheckTarget("m2", "feed", "feed_comment", "https://n.example/a",
                                       body=comment, text_on_page=False), client)
    assert plain.status == "removed"  # a page that prints its comments: gone means gone
    assert disqus.status == "present" and "cannot be compared" in disqus.detail


def test_which_sources_pages_cannot_show_their_text(tmp_path: Path) -> None:
    from flows.deletion_watch import BlindSources

    cfg = config(tmp_path)
    cfg = replace(cfg, feeds=(FeedSettings(url="https://ledger.example/latest.rss", kind="disqus"),
                              FeedSettings(url="https://bugle.example/feed/", kind="wordpress")),
                  google_news=GoogleNewsSettings(enabled=True))
    blind = BlindSources(cfg)
    assert blind.includes("feed:https://ledger.example/latest.rss")
    assert not blind.includes("feed:https://bugle.example/feed/")
    assert blind.includes("feed:https://news.google.com/rss/search?q=%22Beech+Hill%22")
    assert not blind.includes("reddit:r/Luton") and not blind.includes(None)
