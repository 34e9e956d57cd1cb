"""A loopback stand-in for the web pages that feed entries link to.

A feed only summarises a site: the deletion watch re-checks a captured
article or comment by fetching the page its entry links to and looking for
the captured text there. :class:`FeedPages` serves those pages for the feeds
of a :class:`~connectors.loopback.feed_server.FeedCatalogue`: every entry
that links to an address of the server (Google redirect links unwrapped,
relative links resolved, tracking parameters ignored) puts its title and
content on that page, articles first and then comments under their
``#comment-`` anchors, as a WordPress article page shows its comments. So a
post the feeds carry is found on its page unchanged; any other address is a
404.

The markup is sanitised by feedparser before it is served (the corpus has
hostile comments on purpose), so the page text matches what the feed
connector captured but nothing in it runs in a browser.

:meth:`FeedPages.remove` takes a page down (404) and :meth:`FeedPages.replace`
changes the text of one entry, for tests.
"""

from __future__ import annotations

import html
import io
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import feedparser

from connectors.loopback.server import Request, Response
from connectors.text import html_to_text
from connectors.urls import canonical_url, resolve, unwrap_redirect, without_fragment


@dataclass
class _Entry:
    anchor: str
    title: str
    author: str
    markup: str


@dataclass
class _Page:
    articles: list[_Entry] = field(default_factory=list)
    comments: list[_Entry] = field(default_factory=list)

    def entries(self) -> list[_Entry]:
        return [*self.articles, *self.comments]


class FeedPages:
    """The pages feed entries link to, by canonical address. Thread-safe."""

    def __init__(self) -> None:
        self._pages: dict[str, _Page] = {}
        self._removed: set[str] = set()
        self._lock = threading.Lock()
        self.hits: dict[str, int] = {}

    def add_feed(self, body: bytes, feed_url: str, base_url: str,
                 content_type: str = "application/rss+xml; charset=utf-8") -> int:
        """Add the pages that ``body``'s entries link to on ``base_url``; returns how many entries.

        ``body`` is the feed as served (``__BASE__`` already replaced), ``feed_url``
        where it is served from (the base for relative links).
        """
        parsed = feedparser.parse(io.BytesIO(body), sanitize_html=True,
                                  resolve_relative_uris=False,
                                  response_headers={"content-type": content_type,
                                                    "content-location": feed_url})
        server = urlsplit(base_url).netloc
        added = 0
        for entry in parsed.entries:
            link = unwrap_redirect(resolve(feed_url, entry.get("link")))
            parts = urlsplit(link)
            key = canonical_url(without_fragment(link))
            if parts.netloc != server or key is None:
                continue
            item = _Entry(anchor=parts.fragment, title=_text(entry.get("title_detail"),
                                                             entry.get("title") or ""),
                          author=entry.get("author") or "", markup=_markup(entry))
            with self._lock:
                page = self._pages.setdefault(key, _Page())
                if any(e.anchor == item.anchor and e.markup == item.markup
                       for e in page.entries()):
                    continue  # a comment in both its post's feed and the site-wide feed
                (page.comments if item.anchor else page.articles).append(item)
            added += 1
        return added

    def remove(self, url: str) -> None:
        """Answer 404 for the page at ``url`` from now on."""
        with self._lock:
            self._removed.add(canonical_url(without_fragment(url)) or url)

    def replace(self, url: str, text: str) -> None:
        """Give the entry that ``url`` links to (anchor included) the plain text ``text``."""
        anchor = urlsplit(url).fragment
        with self._lock:
            page = self._pages[canonical_url(without_fragment(url)) or url]
            for entry in page.entries():
                if entry.anchor == anchor:
                    entry.markup = f"<p>{html.escape(text)}</p>"
                    return
        raise KeyError(url)

    def urls(self) -> list[str]:
        """The canonical addresses served."""
        with self._lock:
            return sorted(self._pages)

    def handle(self, request: Request, base_url: str) -> Response | None:
        if request.method not in ("GET", "HEAD"):
            return None
        query = f"?{urlencode(request.query)}" if request.query else ""
        key = canonical_url(f"{base_url}{request.path}{query}")
        with self._lock:
            page = self._pages.get(key or "")
            if page is None:
                return None
            self.hits[request.path] = self.hits.get(request.path, 0) + 1
            if key in self._removed:
                return Response(404, b"<!DOCTYPE html><title>Page not found</title>"
                                b"<h1>Page not found</h1>",
                                {"content-type": "text/html; charset=utf-8"})
            body = _render(page.articles, page.comments)
        return Response(200, body.encode("utf-8"), {"content-type": "text/html; charset=utf-8"})


def _text(detail: Mapping[str, Any] | None, value: str) -> str:
    """Plain text of a feedparser text construct (titles are sometimes HTML)."""
    if "html" in (detail or {}).get("type", "text/plain"):
        return " ".join(html_to_text(value).split())
    return value


def _markup(entry: Mapping[str, Any]) -> str:
    """The entry's richest body as HTML (plain text escaped), as its page would show it."""
    contents = entry.get("content") or []
    best = None
    for content in contents:
        if "html" in content.get("type", "") or best is None:
            best = content
    if best is not None and best.get("value"):
        value, kind = best["value"], best.get("type", "text/html")
    else:
        value = entry.get("summary") or entry.get("description") or ""
        kind = (entry.get("summary_detail") or {}).get("type", "text/html")
    if "html" in kind or "xml" in kind or "<" in value:
        return value
    return "".join(f"<p>{html.escape(p)}</p>" for p in value.split("\n\n"))


def _render(articles: Iterable[_Entry], comments: Iterable[_Entry]) -> str:
    articles, comments = list(articles), list(comments)
    title = articles[0].title if articles else (comments[0].title if comments else "")
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{html.escape(title)}</title></head><body><main>"]
    for article in articles:
        out += ["<article>", f"<h1>{html.escape(article.title)}</h1>"]
        if article.author:
            out.append(f'<p class="byline">By {html.escape(article.author)}</p>')
        out += [f'<div class="entry-content">{article.markup}</div>', "</article>"]
    if comments:
        out.append('<section id="comments"><h2>Comments</h2><ol>')
        for comment in comments:
            out += [f'<li id="{html.escape(comment.anchor)}">',
                    f'<p class="comment-author">{html.escape(comment.author or "Anonymous")}'
                    "</p>", f'<div class="comment-content">{comment.markup}</div></li>']
        out.append("</ol></section>")
    out.append("</main></body></html>")
    return "\n".join(out)
