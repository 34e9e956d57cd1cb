"""What every request handler needs: settings, the warehouse, the signing key, helpers."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import duckdb
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from dashboards.web import csrf
from dashboards.web.auth import LoginRequired, SessionSettings, current_user
from dashboards.web.db import WebWarehouse
from dashboards.web.permissions import User
from dashboards.web.ratelimit import LoginRateLimiter
from dashboards.web.rendering import WebLinks, render
from schoolwatch.config import Config
from warehouse import case_digests

T = TypeVar("T")


@dataclass(frozen=True)
class WebSettings:
    """Tunable limits of the web app (tests shorten them)."""

    sessions: SessionSettings = field(default_factory=SessionSettings)
    login_max_failures: int = 5
    login_window_seconds: float = 900.0
    page_size: int = 50
    wait_seconds: float = 20.0
    # Bounds on keeping the warehouse open between requests (see dashboards.web.db).
    hold_seconds: float = 30.0
    idle_seconds: float = 2.0
    gap_seconds: float = 0.25
    yield_seconds: float = 2.0
    # How stale the inbox's per-case digests may get before the next page rebuilds them.
    digest_refresh_seconds: float = 5.0


@dataclass
class AppState:
    """Shared, read-only after start-up (the limiter has its own lock)."""

    config: Config
    db: WebWarehouse
    secret: bytes
    settings: WebSettings
    limiter: LoginRateLimiter
    digests_refreshed_at: float = 0.0

    def refresh_digests_if_due(self, con: duckdb.DuckDBPyConnection) -> None:
        """Bring case digests up to date at most every few seconds (cheap when nothing moved)."""
        now = time.monotonic()
        if now - self.digests_refreshed_at >= self.settings.digest_refresh_seconds:
            case_digests.refresh(con)
            self.digests_refreshed_at = now

    @property
    def school_names(self) -> dict[str, str]:
        return {s.id: s.name for s in self.config.schools}


def app_state(request: Request) -> AppState:
    """The state the app factory stored."""
    return request.app.state.schoolwatch


async def with_user(request: Request, work: Callable[[duckdb.DuckDBPyConnection, User], T]) -> T:
    """Run ``work(con, user)`` in one short warehouse session, off the event loop.

    Raises LoginRequired (answered with a redirect to the login page) when the
    request has no valid session; nothing else is read in that case.
    """
    state = app_state(request)

    def run() -> T:
        with state.db.session() as con:
            user = current_user(request, con, state.secret, state.settings.sessions)
            if user is None:
                raise LoginRequired
            return work(con, user)

    return await run_in_threadpool(run)


def page(request: Request, template: str, context: Mapping[str, Any],
         status_code: int = 200, user: User | None = None) -> HTMLResponse:
    """Render a page with the shared context (user, links, CSRF token, school names)."""
    state = app_state(request)
    token = csrf.token_for(request, state.secret)
    html = render(template, {
        "user": user, "links": WebLinks(), "csrf_token": token, "static_mode": False,
        "school_names": state.school_names, "inline_css": None, "request_path": request.url.path,
        **context,
    })
    # Hostile text may hold lone surrogates; never let encoding fail the page.
    response = HTMLResponse(html.encode("utf-8", "replace"), status_code=status_code)
    csrf.set_cookie_if_new(request, response)
    return response
