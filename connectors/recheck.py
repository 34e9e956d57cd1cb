"""Deletion watch, the HTTP half: re-fetch a post's URL and say whether it is still there.

For Reddit the permalink's ``.json`` is fetched and the item found in it
(``[removed]``/``[deleted]`` or a 404 means removed). Feeds and web pages are
fetched with a plain GET and the captured text is looked for in the page.
The answer is one of ``present``, ``edited``, ``removed`` or ``unreachable``
(timeouts, 5xx, refused access), with the HTTP status and a SHA-256 of what
was seen.

Media is never downloaded: an image, video or audio response is closed
before its body is read, and callers skip cases flagged as possible indecent
images of children altogether. Bodies are read up to ``MAX_BYTES``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from schoolwatch.domain import sha256_text

MAX_BYTES = 2 * 1024 * 1024
DEFAULT_TIMEOUT = 15.0
_REMOVED_MARKERS = {"[removed]", "[deleted]", "[ removed by reddit ]", "[removed by reddit]"}
_MEDIA_TYPES = ("image/", "video/", "audio/")


@dataclass(frozen=True)
class RecheckTarget:
    """A captured post to look for again."""

    mention_id: str
    source: str
    kind: str
    url: str
    external_id: str = ""
    title: str = ""
    body: str = ""
    # False where the page can never show the captured text: an aggregator's snippet
    # (Google News, Google Alerts) or a comment a script loads (Disqus). Then only the
    # page itself can be checked, and a missing text proves nothing.
    text_on_page: bool = True


@dataclass(frozen=True)
class RecheckResult:
    """What a re-check found."""

    mention_id: str
    status: str                 # present, edited, removed, unreachable
    http_status: int | None = None
    content_sha256: str | None = None
    detail: str = ""


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page (scripts and styles dropped), for comparison only."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def normalise(text: str) -> str:
    """Text reduced for comparison: tags stripped, entities decoded, case and spaces folded."""
    if "<" in text and ">" in text:
        parser = _TextExtractor()
        parser.feed(text)
        parser.close()
        text = " ".join(parser.parts)
    text = html.unescape(text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


def reddit_json_url(url: str, reddit_url: str | None = None) -> str:
    """The ``.json`` address of a Reddit permalink, rebased onto ``reddit_url`` when given."""
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    if reddit_url:
        base = urlsplit(reddit_url.rstrip("/"))
        return urlunsplit((base.scheme, base.netloc, base.path + path.rstrip("/") + ".json",
                           "raw_json=1", ""))
    return urlunsplit((parts.scheme or "https", parts.netloc or "www.reddit.com",
                       path.rstrip("/") + ".json", "raw_json=1", ""))


def recheck(target: RecheckTarget, client: httpx.Client,
            reddit_url: str | None = None) -> RecheckResult:
    """Re-check one post. Never raises for network trouble: that is ``unreachable``."""
    is_reddit = target.source == "reddit"
    url = reddit_json_url(target.url, reddit_url) if is_reddit else target.url
    if not url.startswith(("http://", "https://")):
        return RecheckResult(target.mention_id, "unreachable", None, None,
                             f"not a web address: {target.url[:200]}")
    try:
        with client.stream("GET", url) as response:
            status = response.status_code
            if status in (404, 410):
                return RecheckResult(target.mention_id, "removed", status, None,
                                     f"the address answered {status} (gone)")
            if status >= 400:
                return RecheckResult(target.mention_id, "unreachable", status, None,
                                     f"the address answered {status}")
            content_type = response.headers.get("content-type", "").lower()
            if content_type.startswith(_MEDIA_TYPES):
                return RecheckResult(target.mention_id, "present", status, None,
                                     f"media ({content_type.split(';')[0]}): not downloaded")
            body = _read_capped(response.iter_bytes())
            encoding = response.encoding or "utf-8"
    except httpx.HTTPError as exc:
        return RecheckResult(target.mention_id, "unreachable", None, None,
                             f"{type(exc).__name__}: {exc}"[:300])
    text = body.decode(encoding, errors="replace")
    if is_reddit:
        return _reddit_result(target, status, text)
    return _page_result(target, status, text)


def recheck_many(targets: Iterable[RecheckTarget], user_agent: str,
                 reddit_url: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                 transport: httpx.BaseTransport | None = None) -> list[RecheckResult]:
    """Re-check several posts with one polite HTTP client."""
    with httpx.Client(headers={"User-Agent": user_agent}, timeout=timeout,
                      follow_redirects=True, max_redirects=5, transport=transport) as client:
        return [recheck(target, client, reddit_url) for target in targets]


def _read_capped(chunks: Iterable[bytes]) -> bytes:
    buffer = bytearray()
    for chunk in chunks:
        buffer.extend(chunk)
        if len(buffer) >= MAX_BYTES:
            break
    return bytes(buffer[:MAX_BYTES])


def _reddit_result(target: RecheckTarget, status: int, text: str) -> RecheckResult:
    try:
        data = json.loads(text)
    except ValueError:
        return RecheckResult(target.mention_id, "unreachable", status, None,
                             "Reddit did not answer with JSON")
    item = _find_reddit_item(data, target)
    if item is None:
        return RecheckResult(target.mention_id, "removed", status, None,
                             "the item is no longer in the thread")
    if target.kind == "comment" or str(item.get("name", "")).startswith("t1_"):
        current = str(item.get("body") or "")
        original = target.body
    else:
        current = f"{item.get('title') or ''}\n\n{item.get('selftext') or ''}".strip()
        original = f"{target.title}\n\n{target.body}".strip()
    digest = sha256_text(current)
    marker = normalise(str(item.get("body") or item.get("selftext") or ""))
    if (item.get("removed_by_category") or marker in _REMOVED_MARKERS
            or (item.get("author") == "[deleted]" and marker in _REMOVED_MARKERS | {""})):
        why = item.get("removed_by_category") or marker or "deleted"
        return RecheckResult(target.mention_id, "removed", status, digest,
                             f"Reddit shows it as removed ({why})")
    if normalise(current) == normalise(original):
        return RecheckResult(target.mention_id, "present", status, digest, "unchanged")
    edited = item.get("edited")
    note = " (Reddit marks it edited)" if edited not in (None, False) else ""
    return RecheckResult(target.mention_id, "edited", status, digest,
                         f"the text differs from what was captured{note}")


def _find_reddit_item(data: Any, target: RecheckTarget) -> dict[str, Any] | None:
    """The submission or comment in a permalink's JSON (a listing or a pair of listings)."""
    wanted = target.external_id.split("_", 1)[-1] if target.external_id else ""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("kind") in ("t1", "t3") and isinstance(node.get("data"), dict):
                found.append(node["data"])
            for key in ("data", "children", "replies"):
                if key in node:
                    walk(node[key])

    walk(data)
    if wanted:
        for item in found:
            if str(item.get("id")) == wanted or str(item.get("name")) == target.external_id:
                return item
        return None
    kind = "t1_" if target.kind == "comment" else "t3_"
    return next((i for i in found if str(i.get("name", "")).startswith(kind)), None)


def _page_result(target: RecheckTarget, status: int, text: str) -> RecheckResult:
    page = normalise(text)
    digest = sha256_text(page)
    if not target.text_on_page:
        return RecheckResult(target.mention_id, "present", status, digest,
                             "the page is there (this source's text cannot be compared with "
                             "the page, so an edit or a removed comment would not show)")
    original = normalise(target.body or target.title)
    if not original:
        return RecheckResult(target.mention_id, "present", status, digest,
                             "the page is there (no captured text to compare)")
    if original in page:
        return RecheckResult(target.mention_id, "present", status, digest,
                             "the captured text is still on the page")
    pieces = _pieces(original)
    kept = sum(1 for piece in pieces if piece in page)
    if pieces and kept / len(pieces) >= 0.5:
        return RecheckResult(target.mention_id, "edited", status, digest,
                             f"{kept} of {len(pieces)} passages are still on the page")
    return RecheckResult(target.mention_id, "removed", status, digest,
                         "the page is there but the captured text is gone")


def _pieces(text: str, words: int = 6) -> list[str]:
    """Overlapping-free runs of ``words`` words, to measure how much text survived."""
    tokens = re.split(r"\s+", text)
    if len(tokens) <= words:
        return [text]
    return [" ".join(tokens[i:i + words]) for i in range(0, len(tokens) - words + 1, words)]
