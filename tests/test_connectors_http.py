"""The polite HTTP client: User-Agent, conditional GET, retries, soft failures.

Uses httpx.MockTransport: no sockets.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from connectors.http import FetchError, HttpClient, parse_retry_after


def make_client(handler, **kwargs):
    sleeps: list[float] = []
    client = HttpClient(transport=httpx.MockTransport(handler), sleep=sleeps.append,
                        user_agent="schoolwatch-test/1.0 (+tests)", **kwargs)
    return client, sleeps


def test_sends_user_agent_and_conditional_headers_and_reads_304():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304)
        return httpx.Response(200, content=b"<rss/>", headers={
            "etag": '"v1"', "last-modified": "Mon, 01 Jan 2024 00:00:00 GMT"})

    client, _ = make_client(handler)
    first = client.get("https://feeds.example/feed")
    assert first.content == b"<rss/>" and not first.not_modified
    assert first.etag == '"v1"' and first.last_modified.startswith("Mon")
    second = client.get("https://feeds.example/feed", etag=first.etag,
                        last_modified=first.last_modified)
    assert second.not_modified and second.content == b""
    assert seen[0].headers["user-agent"] == "schoolwatch-test/1.0 (+tests)"
    assert "if-none-match" not in seen[0].headers
    assert seen[1].headers["if-modified-since"] == first.last_modified


def test_retries_server_errors_with_backoff_then_succeeds():
    calls = []

    def handler(request):
        calls.append(1)
        return httpx.Response(503) if len(calls) < 3 else httpx.Response(200, content=b"ok")

    client, sleeps = make_client(handler, max_retries=2, backoff_base=1.0)
    response = client.get("https://feeds.example/feed")
    assert response.content == b"ok" and response.attempts == 3
    assert len(sleeps) == 2 and 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0


def test_honours_retry_after_on_429():
    calls = []

    def handler(request):
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(429, headers={"retry-after": "7"})
        return httpx.Response(200, content=b"ok")

    client, sleeps = make_client(handler)
    assert client.get("https://feeds.example/feed").content == b"ok"
    assert sleeps == [7.0]


def test_429_asking_for_a_long_wait_is_a_soft_failure_without_waiting():
    client, sleeps = make_client(lambda r: httpx.Response(429, headers={"retry-after": "3600"}),
                                 max_wait=60)
    with pytest.raises(FetchError) as info:
        client.get("https://feeds.example/feed")
    assert info.value.status == 429 and info.value.soft and info.value.retry_after == 3600
    assert sleeps == []
    assert "3600 seconds" in str(info.value)


@pytest.mark.parametrize("status", [403, 404, 410])
def test_gone_or_forbidden_fails_at_once_softly(status):
    calls = []

    def handler(request):
        calls.append(1)
        return httpx.Response(status)

    client, sleeps = make_client(handler)
    with pytest.raises(FetchError) as info:
        client.get("https://feeds.example/feed")
    assert info.value.status == status and info.value.soft
    assert len(calls) == 1 and sleeps == []
    assert str(status) in str(info.value)


def test_server_error_gives_up_after_retries_with_readable_message():
    client, sleeps = make_client(lambda r: httpx.Response(500), max_retries=1)
    with pytest.raises(FetchError) as info:
        client.get("https://feeds.example/feed")
    assert info.value.status == 500 and not info.value.soft
    assert len(sleeps) == 1 and "server error" in str(info.value)


def test_network_errors_are_retried_then_reported():
    def handler(request):
        raise httpx.ConnectError("connection refused", request=request)

    client, sleeps = make_client(handler, max_retries=2)
    with pytest.raises(FetchError) as info:
        client.get("https://feeds.example/feed")
    assert info.value.status is None and len(sleeps) == 2
    assert "Could not reach" in str(info.value)
    assert "the site refused the connection (it may be down" in str(info.value)


@pytest.mark.parametrize(("system_text", "meaning"), [
    ("[Errno -2] Name or service not known", "no site answers to that name"),
    ("[Errno 111] Connection refused", "the site refused the connection"),
    ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", "the site's security"),
    ("something new", "the connection failed"),
])
def test_connection_failures_are_explained_in_words(system_text: str, meaning: str) -> None:
    from connectors.http import connect_problem

    assert connect_problem(httpx.ConnectError(system_text)).startswith(meaning)


def test_oversized_body_is_refused():
    client, _ = make_client(lambda r: httpx.Response(200, content=b"x" * 5000), max_bytes=1000)
    with pytest.raises(FetchError, match="more than"):
        client.get("https://feeds.example/feed")


def test_parse_retry_after_accepts_seconds_and_http_dates():
    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(later, now=now) == pytest.approx(90.0)
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
