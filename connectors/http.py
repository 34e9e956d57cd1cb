"""A polite HTTP client for feeds: timeouts, honest User-Agent, conditional GET, backoff.

Every feed request goes through :class:`HttpClient`. It

* sends an honest User-Agent that names the project and how to reach whoever runs it;
* sends ``If-None-Match`` / ``If-Modified-Since`` from the stored ETag and
  Last-Modified, and reports ``304 Not Modified`` as ``not_modified`` instead
  of an error;
* retries 5xx answers, 429 and network errors a few times with exponential
  backoff and jitter, waiting as long as ``Retry-After`` asks (up to a cap);
* stops reading bodies larger than ``max_bytes``;
* raises :class:`FetchError` (a :class:`~schoolwatch.errors.SourceError`) with a
  message staff can read. 403/404/410/429 are *soft* failures: the source is
  recorded as failing and tried again next run; it is only shown as unhealthy
  after several failures in a row (see ``warehouse.sources.UNHEALTHY_AFTER``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from schoolwatch import __version__ as _version
from schoolwatch.errors import SourceError

DEFAULT_USER_AGENT = (
    f"schoolwatch/{_version} (school social-media monitor; "
    "+https://github.com/schoolwatch/schoolwatch)"
)
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Statuses that say "not now" or "not here": worth trying again next run.
SOFT_STATUSES = frozenset({403, 404, 410, 429})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 522, 524})


class FetchError(SourceError):
    """A request failed; ``status`` is the HTTP status (None for network errors)."""

    def __init__(self, message: str, *, url: str, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.retry_after = retry_after

    @property
    def soft(self) -> bool:
        """True for failures expected to clear up by themselves (gone, forbidden, busy)."""
        return self.status in SOFT_STATUSES or self.status is None


@dataclass
class HttpResponse:
    """A completed GET: the body bytes and the headers that matter for caching."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes = b""
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 1
    waits: list[float] = field(default_factory=list)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class HttpClient:
    """GET with timeouts, conditional requests, retries and a size cap.

    ``transport`` lets unit tests use ``httpx.MockTransport``; ``sleep`` lets
    them skip the real waiting.
    """

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        backoff_base: float = 1.0,
        max_wait: float = 60.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.user_agent = user_agent
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.max_wait = max_wait
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": user_agent,
                     "Accept": "application/rss+xml, application/atom+xml, "
                               "application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, "
                               "*/*;q=0.5"},
            transport=transport,
        )

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            params: Mapping[str, str] | None = None) -> HttpResponse:
        """Fetch ``url``; a 304 comes back with ``not_modified=True`` and no body.

        Raises :class:`FetchError` once retries are used up or at once for
        answers a retry cannot fix (403, 404, 410, other 4xx).
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        waits: list[float] = []
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._get_once(url, headers, params)
            except FetchError as exc:
                if exc.status is None and attempt <= self.max_retries:
                    waits.append(self._wait(attempt, None))
                    continue
                raise
            status = response.status
            if status in RETRY_STATUSES:
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                if attempt <= self.max_retries and (retry_after or 0) <= self.max_wait:
                    waits.append(self._wait(attempt, retry_after))
                    continue
                raise FetchError(_status_message(url, status, retry_after), url=url,
                                 status=status, retry_after=retry_after)
            if status == 304:
                return HttpResponse(url=response.url, status=304, headers=response.headers,
                                    not_modified=True, etag=etag, last_modified=last_modified,
                                    attempts=attempt, waits=waits)
            if status >= 400:
                raise FetchError(_status_message(url, status, None), url=url, status=status)
            response.attempts = attempt
            response.waits = waits
            response.etag = response.headers.get("etag")
            response.last_modified = response.headers.get("last-modified")
            return response

    def _get_once(self, url: str, headers: dict[str, str],
                  params: Mapping[str, str] | None) -> HttpResponse:
        try:
            with self._client.stream("GET", url, headers=headers, params=params) as response:
                chunks: list[bytes] = []
                size = 0
                if response.status_code < 300:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise FetchError(
                                f"{url} sent more than {self.max_bytes // (1024 * 1024)} MB; "
                                "that is not a normal feed, so it was not read.", url=url,
                                status=response.status_code)
                        chunks.append(chunk)
                return HttpResponse(
                    url=str(response.url), status=response.status_code,
                    headers={k.lower(): v for k, v in response.headers.items()},
                    content=b"".join(chunks),
                )
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url} did not answer within {self.timeout:g} seconds.",
                             url=url) from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"{url} redirects in a loop.", url=url) from exc
        except httpx.ConnectError as exc:
            raise FetchError(f"Could not reach {url}: {connect_problem(exc)} ({exc}).",
                             url=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"Could not reach {url}: {exc}.", url=url) from exc

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        """Sleep before the next attempt: Retry-After if given, else backoff with jitter."""
        if retry_after is not None:
            delay = min(retry_after, self.max_wait)
        else:
            delay = min(self.backoff_base * 2 ** (attempt - 1), self.max_wait)
            delay *= 0.5 + random.random() / 2  # noqa: S311 - jitter, not crypto
        self._sleep(delay)
        return delay


def _status_message(url: str, status: int, retry_after: float | None) -> str:
    """Explain an HTTP status in words an office IT person can act on."""
    if status == 404:
        return f"{url} was not found (HTTP 404). Check the address; the site may have moved it."
    if status == 410:
        return f"{url} has been removed by the site (HTTP 410). Remove it from the config."
    if status == 403:
        return f"{url} refused access (HTTP 403). The site may be blocking automated readers."
    if status == 429:
        wait = f" It asked us to wait {retry_after:g} seconds." if retry_after else ""
        return f"{url} says we asked too often (HTTP 429).{wait} It will be tried next run."
    if status >= 500:
        return f"{url} had a server error (HTTP {status}). It will be tried again next run."
    return f"{url} answered HTTP {status}."


def connect_problem(exc: httpx.ConnectError) -> str:
    """What a failed connection means, in words (the system's own text follows in brackets)."""
    text = str(exc).lower()
    if "name or service not known" in text or "nodename nor servname" in text \
            or "temporary failure in name resolution" in text or "getaddrinfo" in text:
        return "no site answers to that name (check the address, or this computer's internet)"
    if "connection refused" in text:
        return "the site refused the connection (it may be down, or the address may be wrong)"
    if "certificate" in text or "ssl" in text:
        return "the site's security certificate could not be checked"
    return "the connection failed (the site may be down, or this computer offline)"
