"""A loopback stand-in for Reddit's OAuth API, close enough for real praw.

Answers ``POST /api/v1/access_token`` (client-credentials grant, HTTP basic
auth), ``/r/{sub}/new``, ``/r/{sub}/comments``, ``/r/{sub}/search`` and
``/search`` with listings of ``t3``/``t1`` things in Reddit's JSON shape
(``{"kind": "Listing", "data": {"after", "before", "dist", "children"}}``),
paginated with ``limit``/``after``/``before`` like Reddit. Every API answer
carries ``x-ratelimit-used/remaining/reset`` for a quota of :attr:`quota`
requests per :attr:`window_seconds`.

It also answers a permalink's public ``.json`` (no token, as on
www.reddit.com), which is what the deletion watch re-checks:
``/r/{sub}/comments/{id}/{slug}.json`` gives ``[the submission's listing,
its comment tree]`` and ``/r/{sub}/comments/{id}/{slug}/{comment}.json`` the
submission and that comment with its replies; an unknown submission is a 404.

Faults can be injected for tests: :meth:`RedditApi.fail_next` (e.g. a 503
then success, a 429 with a reset time, a 401), :attr:`reject_credentials`, and
:attr:`private_subreddits` (403). :meth:`RedditApi.remove` and
:meth:`RedditApi.edit` change a thing the way Reddit shows a removed, deleted
or edited post.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from connectors.loopback.server import Request, Response, header

_LISTING = re.compile(r"^/r/([^/]+)/(new|comments|search)(?:\.json)?/?$")
_SEARCH = re.compile(r"^/search(?:\.json)?/?$")
# A permalink without its ".json": submission id, then optional slug and comment id.
_PERMALINK = re.compile(r"^/r/[^/]+/comments/([0-9a-z]+)(?:/[^/]*(?:/([0-9a-z]+))?)?/?$",
                        re.IGNORECASE)
_WORDS = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("'", "")
                                       .replace("\u2019", ""))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return set(_WORDS.findall(plain))


@dataclass
class Fault:
    """Answer the next ``times`` matching requests with ``status`` and ``headers``."""

    status: int
    times: int = 1
    path_prefix: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None


def _json(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status, json.dumps(payload).encode(),
                    {"content-type": "application/json; charset=UTF-8", **(headers or {})})


def _plain_listing(children: list[dict[str, Any]]) -> dict[str, Any]:
    """A listing that is not paginated (a permalink's parts, a comment's replies)."""
    return {"kind": "Listing", "data": {"after": None, "before": None, "dist": None,
                                        "modhash": "", "geo_filter": "",
                                        "children": children}}


def complete_submission(data: dict[str, Any]) -> dict[str, Any]:
    """Fill in fields Reddit always sends that a hand-written corpus may leave out."""
    thing = dict(data)
    thing.setdefault("name", f"t3_{thing['id']}")
    sub = thing.setdefault("subreddit", "unknown")
    thing.setdefault("subreddit_name_prefixed", f"r/{sub}")
    thing.setdefault("permalink", f"/r/{sub}/comments/{thing['id']}/")
    thing.setdefault("url", thing["permalink"])
    thing.setdefault("selftext", "")
    thing.setdefault("is_self", bool(thing["selftext"]))
    thing.setdefault("num_comments", 0)
    thing.setdefault("score", 1)
    thing.setdefault("author", "[deleted]")
    thing["created_utc"] = float(thing.get("created_utc", 0))
    thing.setdefault("created", thing["created_utc"])
    return thing


def complete_comment(data: dict[str, Any]) -> dict[str, Any]:
    """Fill in the fields of a t1 thing."""
    thing = dict(data)
    thing.setdefault("name", f"t1_{thing['id']}")
    sub = thing.setdefault("subreddit", "unknown")
    thing.setdefault("subreddit_name_prefixed", f"r/{sub}")
    link_id = thing.setdefault("link_id", "t3_unknown")
    thing.setdefault("parent_id", link_id)
    thing.setdefault("permalink",
                     f"/r/{sub}/comments/{link_id.removeprefix('t3_')}/_/{thing['id']}/")
    thing.setdefault("score", 1)
    thing.setdefault("author", "[deleted]")
    thing.setdefault("body", "")
    thing["created_utc"] = float(thing.get("created_utc", 0))
    thing.setdefault("created", thing["created_utc"])
    return thing


class RedditApi:
    """The fake Reddit. Thread-safe: the server handles requests concurrently."""

    def __init__(self, submissions: list[dict[str, Any]] | None = None,
                 comments: list[dict[str, Any]] | None = None, *,
                 client_id: str | None = None, client_secret: str | None = None,
                 quota: int = 100, window_seconds: int = 60) -> None:
        self.submissions = [complete_submission(s) for s in submissions or []]
        self.comments = [complete_comment(c) for c in comments or []]
        self.client_id = client_id
        self.client_secret = client_secret
        self.quota = quota
        self.window_seconds = window_seconds
        self.reject_credentials = False
        self.private_subreddits: set[str] = set()
        self.faults: list[Fault] = []
        self.tokens: set[str] = set()
        self.token_requests = 0
        self._used = 0
        self._window_start = time.monotonic()
        self._lock = threading.Lock()

    # -- test controls ---------------------------------------------------
    def fail_next(self, status: int, *, times: int = 1, path_prefix: str = "",
                  headers: dict[str, str] | None = None,
                  body: dict[str, Any] | None = None) -> None:
        """Make the next ``times`` requests under ``path_prefix`` answer ``status``."""
        with self._lock:
            self.faults.append(Fault(status, times, path_prefix, dict(headers or {}), body))

    def add_submission(self, data: dict[str, Any]) -> None:
        with self._lock:
            self.submissions.append(complete_submission(data))

    def add_comment(self, data: dict[str, Any]) -> None:
        with self._lock:
            self.comments.append(complete_comment(data))

    def remove(self, fullname: str, *, by: str = "moderator") -> None:
        """Show a thing as Reddit does once removed (``by="moderator"``) or deleted by its author.

        Listings and permalinks then carry ``[removed]``/``[deleted]`` instead of the text.
        """
        marker = "[deleted]" if by == "author" else "[removed]"
        with self._lock:
            thing = self._thing(fullname)
            thing["author"] = "[deleted]"
            if fullname.startswith("t3_"):
                thing["selftext"] = marker
                thing["removed_by_category"] = "deleted" if by == "author" else by
            else:
                thing["body"] = marker

    def edit(self, fullname: str, text: str) -> None:
        """Replace a comment's body or a submission's selftext, marked edited as Reddit does."""
        with self._lock:
            thing = self._thing(fullname)
            thing["selftext" if fullname.startswith("t3_") else "body"] = text
            thing["edited"] = float(time.time())

    def _thing(self, fullname: str) -> dict[str, Any]:
        for thing in (*self.submissions, *self.comments):
            if thing["name"] == fullname:
                return thing
        raise KeyError(fullname)

    # -- serving -----------------------------------------------------------
    def handle(self, request: Request, base_url: str) -> Response | None:
        path = request.path
        if path == "/api/v1/access_token":
            return self._fault(request) or self._token(request)
        listing = _LISTING.match(path)
        if not listing and not _SEARCH.match(path):
            permalink = _PERMALINK.match(path.removesuffix(".json")) \
                if path.endswith(".json") else None
            if permalink is None:
                return None
            return self._fault(request) or self._permalink(permalink.group(1),
                                                           permalink.group(2))
        fault = self._fault(request)
        if fault:
            return fault
        token = header(request.headers, "authorization").removeprefix("bearer ").strip()
        if token not in self.tokens:
            return _json(401, {"message": "Unauthorized", "error": 401},
                         {"www-authenticate": 'Bearer realm="reddit", error="invalid_token"'})
        limits = self._count_request()
        if listing:
            subreddit, what = listing.group(1), listing.group(2)
        else:
            subreddit, what = "all", "search"
        if subreddit.lower() in {s.lower() for s in self.private_subreddits}:
            return _json(403, {"reason": "private", "message": "Forbidden", "error": 403},
                         limits)
        things = self._select(subreddit, what, request.query)
        return _json(200, self._listing(things, request.query), limits)

    def _permalink(self, submission_id: str, comment_id: str | None) -> Response:
        """A permalink's public JSON: the submission, then its comments (or one comment)."""
        with self._lock:
            submission = next((dict(s) for s in self.submissions
                               if s["id"].lower() == submission_id.lower()), None)
            if submission is None:
                return _json(404, {"message": "Not Found", "error": 404})
            thread = [dict(c) for c in self.comments if c["link_id"] == submission["name"]]
        children: dict[str, list[dict[str, Any]]] = {}
        for comment in sorted(thread, key=lambda c: (c["created_utc"], c["name"])):
            children.setdefault(comment["parent_id"], []).append(comment)

        def tree(comment: dict[str, Any]) -> dict[str, Any]:
            replies = [tree(c) for c in children.get(comment["name"], [])]
            comment["replies"] = _plain_listing(replies) if replies else ""
            return {"kind": "t1", "data": comment}

        if comment_id:
            top = [c for c in thread if c["id"].lower() == comment_id.lower()]
        else:
            top = children.get(submission["name"], [])
        return _json(200, [_plain_listing([{"kind": "t3", "data": submission}]),
                           _plain_listing([tree(c) for c in top])])

    def _fault(self, request: Request) -> Response | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and request.path.startswith(fault.path_prefix):
                    fault.times -= 1
                    payload = fault.body or {"message": "fault", "error": fault.status}
                    return _json(fault.status, payload, fault.headers)
        return None

    def _token(self, request: Request) -> Response:
        with self._lock:
            self.token_requests += 1
        auth = header(request.headers, "authorization")
        form = dict(pair.split("=", 1) for pair in request.body.decode().split("&") if "=" in pair)
        ok = auth.lower().startswith("basic ") and form.get("grant_type") == "client_credentials"
        if ok and self.client_id is not None:
            try:
                user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
            except ValueError:
                user, password = "", ""
            ok = user == self.client_id and password == (self.client_secret or "")
        if not ok or self.reject_credentials:
            return _json(401, {"message": "Unauthorized", "error": 401})
        token = secrets.token_urlsafe(16)
        with self._lock:
            self.tokens.add(token)
        return _json(200, {"access_token": token, "token_type": "bearer", "expires_in": 86400,
                           "scope": "*"})

    def _count_request(self) -> dict[str, str]:
        with self._lock:
            now = time.monotonic()
            if now - self._window_start >= self.window_seconds:
                self._window_start, self._used = now, 0
            self._used += 1
            remaining = max(0, self.quota - self._used)
            reset = max(0, int(self.window_seconds - (now - self._window_start)))
            return {"x-ratelimit-used": str(self._used),
                    "x-ratelimit-remaining": f"{float(remaining):.1f}",
                    "x-ratelimit-reset": str(reset)}

    def _select(self, subreddit: str, what: str, query: dict[str, str]) -> list[dict[str, Any]]:
        everywhere = subreddit.lower() == "all"
        restrict = query.get("restrict_sr", "").lower() in ("1", "true", "on")
        if what == "search" and (everywhere or not restrict):
            scope = None
        else:
            scope = None if everywhere else subreddit.lower()
        with self._lock:
            pool = self.comments if what == "comments" else self.submissions
            things = [t for t in pool if scope is None or t["subreddit"].lower() == scope]
        if what == "search":
            wanted = _words(query.get("q", ""))
            things = [t for t in things
                      if wanted and wanted <= _words(f"{t.get('title', '')} "
                                                     f"{t.get('selftext', '')}")]
        return sorted(things, key=lambda t: (t["created_utc"], t["name"]), reverse=True)

    @staticmethod
    def _listing(things: list[dict[str, Any]], query: dict[str, str]) -> dict[str, Any]:
        try:
            limit = max(1, min(100, int(query.get("limit") or 25)))
        except ValueError:
            limit = 25
        names = [t["name"] for t in things]
        start, stop = 0, len(things)
        if query.get("after") in names:
            start = names.index(query["after"]) + 1
        if query.get("before") in names:
            stop = names.index(query["before"])
            start = max(start, stop - limit)
        page = things[start:min(stop, start + limit)]
        more_after = start + len(page) < len(things)
        return {"kind": "Listing", "data": {
            "after": page[-1]["name"] if page and more_after else None,
            "before": page[0]["name"] if page and start > 0 else None,
            "dist": len(page), "modhash": "", "geo_filter": "",
            "children": [{"kind": t["name"][:2], "data": t} for t in page],
        }}
