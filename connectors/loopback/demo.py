"""Serve the bundled demo corpus: a fake Reddit and the demo feeds on one loopback port.

Corpus layout (``corpus_dir``):

* ``reddit.json``: ``{"submissions": [t3 data], "comments": [t1 data]}`` with
  Reddit's field names; search answers from submissions whose title/selftext
  contain the query words.
* ``feeds.json``: ``[{"path": "/x/feed/", "file": "feeds/x.xml",
  "content_type": "application/rss+xml; charset=utf-8"}, ...]``; Google News
  entries add ``"query": "<the q parameter>"`` and use path ``/rss/search``.
  ``__BASE__`` inside a file becomes the server's base URL.

Point the config at it with :attr:`DemoServers.reddit_url` (both
``oauth_url`` and ``reddit_url``), feeds at ``base_url + path`` and
``[google_news] base_url`` at :attr:`DemoServers.google_news_base_url`. The fake
Reddit accepts any client id/secret.

The addresses the demo's posts link to are served too, so the deletion watch
finds them as the real sites would (still there, unchanged): Reddit
permalinks' ``.json`` from the fake Reddit, and the article and comment pages
the feed entries link to from :class:`~connectors.loopback.pages.FeedPages`
(built from the feeds themselves). The corpus has no post that is meant to
disappear; tests take one down with ``reddit.remove`` or ``pages.remove``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from connectors.loopback.feed_server import FeedCatalogue
from connectors.loopback.pages import FeedPages
from connectors.loopback.reddit_api import RedditApi
from connectors.loopback.server import LoopbackServer
from schoolwatch.errors import SchoolwatchError


class DemoServers:
    """The running demo server; use as a context manager or call :meth:`close`."""

    def __init__(self, server: LoopbackServer, reddit: RedditApi, feeds: FeedCatalogue,
                 feed_paths: list[str], pages: FeedPages | None = None) -> None:
        self.server = server
        self.reddit = reddit
        self.feeds = feeds
        self.pages = pages or FeedPages()
        self.base_url = server.base_url
        self.reddit_url = server.base_url
        self.oauth_url = server.base_url
        self.google_news_base_url = f"{server.base_url}/rss/search"
        self.feed_urls = [f"{server.base_url}{path}" for path in feed_paths
                          if path != "/rss/search"]

    def close(self) -> None:
        """Stop the server."""
        self.server.close()

    def __enter__(self) -> DemoServers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise SchoolwatchError(f"The demo corpus file {path} cannot be read: {exc}") from exc


def _feed_files(corpus_dir: Path) -> list[tuple[dict[str, Any], bytes]]:
    """Each entry of ``corpus_dir/feeds.json`` with the bytes of its file."""
    files: list[tuple[dict[str, Any], bytes]] = []
    for entry in _load_json(corpus_dir / "feeds.json") or []:
        file_path = corpus_dir / entry["file"]
        try:
            files.append((entry, file_path.read_bytes()))
        except OSError as exc:
            raise SchoolwatchError(f"The demo feed file {file_path} is missing.") from exc
    return files


def load_catalogue(corpus_dir: Path) -> tuple[FeedCatalogue, list[str]]:
    """The feeds of ``corpus_dir/feeds.json`` as a catalogue, and their paths in order."""
    catalogue = FeedCatalogue()
    paths: list[str] = []
    for entry, body in _feed_files(corpus_dir):
        catalogue.add(entry["path"], body,
                      entry.get("content_type", "application/rss+xml; charset=utf-8"),
                      status=int(entry.get("status", 200)), query=entry.get("query"))
        if entry["path"] not in paths:
            paths.append(entry["path"])
    return catalogue, paths


def load_pages(corpus_dir: Path, base_url: str) -> FeedPages:
    """The pages that the entries of the demo feeds link to, for a server at ``base_url``."""
    pages = FeedPages()
    for entry, body in _feed_files(corpus_dir):
        if int(entry.get("status", 200)) != 200:
            continue
        content_type = entry.get("content_type", "application/rss+xml; charset=utf-8")
        pages.add_feed(body.replace(b"__BASE__", base_url.encode()),
                       f"{base_url}{entry['path']}", base_url, content_type)
    return pages


def start_demo_servers(corpus_dir: Path) -> DemoServers:
    """Start one loopback server speaking Reddit's API and serving the demo feeds and pages."""
    corpus_dir = Path(corpus_dir)
    reddit_data = _load_json(corpus_dir / "reddit.json") or {}
    reddit = RedditApi(reddit_data.get("submissions", []), reddit_data.get("comments", []))
    catalogue, paths = load_catalogue(corpus_dir)
    server = LoopbackServer([reddit, catalogue])
    try:
        # The pages' links carry the server's address, known only once it listens.
        pages = load_pages(corpus_dir, server.base_url)
    except BaseException:
        server.close()
        raise
    server.apps.append(pages)
    return DemoServers(server, reddit, catalogue, paths, pages)
