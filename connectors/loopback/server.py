"""A small threaded HTTP server on 127.0.0.1 that routes requests to Python "apps".

Used by the tests and by ``schoolwatch demo``: it binds a free loopback port,
serves from a daemon thread, gives each connection a socket timeout (a stuck
client cannot hold a thread for ever), caps request bodies, and ``close()``
stops it promptly, releasing any request deliberately left hanging.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

MAX_REQUEST_BODY = 1024 * 1024


@dataclass
class Request:
    """One request as the apps see it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    received_at: float = field(default_factory=time.monotonic)


@dataclass
class Response:
    """What an app answers; ``hang=True`` means never answer (until the server closes)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False


class App(Protocol):
    """Something that may answer a request (None: not mine, try the next app)."""

    def handle(self, request: Request, base_url: str) -> Response | None: ...


class _QuietServer(ThreadingHTTPServer):
    """A client hanging up early (a timeout in a test, a closed connection) is normal here."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class LoopbackServer:
    """Serve ``apps`` on ``http://127.0.0.1:<free port>`` until :meth:`close`."""

    def __init__(self, apps: list[App], *, socket_timeout: float = 10.0,
                 max_hang_seconds: float = 120.0) -> None:
        self.apps = apps
        self.requests: list[Request] = []
        self._closing = threading.Event()
        self._max_hang = max_hang_seconds
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = socket_timeout
            # Headers and body go out in two writes: without TCP_NODELAY every
            # keep-alive answer waits ~40 ms for a delayed ACK.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                server._dispatch(self)

            def do_POST(self) -> None:
                server._dispatch(self)

            def do_HEAD(self) -> None:
                server._dispatch(self)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test and demo output quiet

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self.port: int = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name=f"loopback-{self.port}", daemon=True)
        self._thread.start()

    def _dispatch(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        length = min(int(handler.headers.get("content-length") or 0), MAX_REQUEST_BODY)
        body = handler.rfile.read(length) if length else b""
        request = Request(
            method=handler.command, path=parts.path,
            query={k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()},
            headers={k.lower(): v for k, v in handler.headers.items()}, body=body,
        )
        self.requests.append(request)
        response: Response | None = None
        for app in self.apps:
            response = app.handle(request, self.base_url)
            if response is not None:
                break
        if response is None:
            response = Response(404, b'{"message": "Not Found", "error": 404}',
                                {"content-type": "application/json"})
        if response.hang:
            # Accept the connection and say nothing: the client's timeout must fire.
            self._closing.wait(self._max_hang)
            handler.close_connection = True
            return
        handler.send_response(response.status)
        headers = {k.lower(): v for k, v in response.headers.items()}
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("content-length", str(len(response.body)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(response.body)

    def close(self) -> None:
        """Stop serving and release hanging requests; safe to call twice."""
        self._closing.set()
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def header(headers: Mapping[str, str], name: str) -> str:
    """A request header by case-insensitive name ('' when absent)."""
    return headers.get(name.lower(), "")
