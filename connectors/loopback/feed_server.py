"""A loopback static feed server: files by path, conditional GET, injectable faults.

Each path serves bytes with a content type, an ``ETag`` and a
``Last-Modified``; ``If-None-Match``/``If-Modified-Since`` get ``304``. The
placeholder ``__BASE__`` in a file is replaced by the server's base URL when
served, so fixture feeds can link to each other. Paths that carry a
``query`` (Google News ``/rss/search?q=...``) are chosen by their ``q``
parameter (compared without quotes, case or extra spaces); an unknown query
gets an empty but valid RSS feed, as Google News answers.

Faults for tests: :meth:`FeedCatalogue.fail` (status N times, e.g. 503 then
success), a fixed status (404/410) via ``add(..., status=...)``, and
:meth:`FeedCatalogue.hang` (accept and never answer).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from email.utils import formatdate

from connectors.loopback.server import Request, Response, header

EMPTY_RSS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
             b"<title>No results</title><link>__BASE__/</link><description>No results"
             b"</description></channel></rss>\n")


def normalise_query(query: str) -> str:
    """Compare search queries loosely: no quotes, lower case, single spaces."""
    return " ".join(query.replace('"', " ").replace("'", "").lower().split())


@dataclass
class FeedFile:
    """One servable document."""

    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    query: str | None = None
    last_modified: str = field(default_factory=lambda: formatdate(usegmt=True))


class FeedCatalogue:
    """Paths -> documents, plus faults. Thread-safe."""

    def __init__(self) -> None:
        self._files: dict[str, list[FeedFile]] = {}
        self._faults: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self._hanging: set[str] = set()
        self._lock = threading.Lock()
        self.hits: dict[str, int] = {}

    def add(self, path: str, body: bytes, content_type: str = "application/rss+xml; "
            "charset=utf-8", *, status: int = 200, headers: dict[str, str] | None = None,
            query: str | None = None) -> None:
        """Serve ``body`` at ``path`` (for ``query``: only when ``q`` matches it)."""
        with self._lock:
            self._files.setdefault(path, []).append(
                FeedFile(body, content_type, status, dict(headers or {}), query))

    def fail(self, path: str, status: int, *, times: int = 1,
             headers: dict[str, str] | None = None) -> None:
        """Answer the next ``times`` requests for ``path`` with ``status``."""
        with self._lock:
            self._faults.setdefault(path, []).extend([(status, dict(headers or {}))] * times)

    def hang(self, path: str) -> None:
        """Never answer requests for ``path`` (until the server closes)."""
        with self._lock:
            self._hanging.add(path)

    def handle(self, request: Request, base_url: str) -> Response | None:
        path = request.path
        with self._lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            if path in self._hanging:
                return Response(hang=True)
            faults = self._faults.get(path)
            if faults:
                status, headers = faults.pop(0)
                return Response(status, f"fault {status}".encode(),
                                {"content-type": "text/plain", **headers})
            candidates = self._files.get(path)
        if not candidates:
            return None
        chosen = self._choose(candidates, request.query.get("q"))
        if chosen is None:
            return Response(200, EMPTY_RSS.replace(b"__BASE__", base_url.encode()),
                            {"content-type": "application/rss+xml; charset=utf-8"})
        body = chosen.body.replace(b"__BASE__", base_url.encode())
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        headers = {"content-type": chosen.content_type, "etag": etag,
                   "last-modified": chosen.last_modified, **chosen.headers}
        if chosen.status != 200:
            return Response(chosen.status, body, headers)
        if header(request.headers, "if-none-match") == etag or (
                not header(request.headers, "if-none-match")
                and header(request.headers, "if-modified-since") == chosen.last_modified):
            return Response(304, b"", {"etag": etag, "last-modified": chosen.last_modified})
        return Response(200, body, headers)

    @staticmethod
    def _choose(candidates: list[FeedFile], q: str | None) -> FeedFile | None:
        with_query = [c for c in candidates if c.query is not None]
        if not with_query:
            return candidates[0]
        wanted = normalise_query(q or "")
        for candidate in with_query:
            if normalise_query(candidate.query or "") == wanted:
                return candidate
        plain = [c for c in candidates if c.query is None]
        return plain[0] if plain else None
