"""The app factory: ``create_app(config) -> Starlette``.

Routes come from the modules in :mod:`dashboards.web.routes`; middleware adds
security headers and refuses cross-site form posts; handlers turn missing
logins, bad CSRF tokens and a busy warehouse into plain-English pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from dashboards.web.auth import LoginRequired
from dashboards.web.csrf import CrossSiteRequestMiddleware, CsrfError
from dashboards.web.db import WebWarehouse
from dashboards.web.ratelimit import LoginRateLimiter
from dashboards.web.rendering import static_dir
from dashboards.web.routes import cases, decisions, health, inbox, login, overview
from dashboards.web.secret_key import load_secret_key
from dashboards.web.security import SecurityHeadersMiddleware
from dashboards.web.state import AppState, WebSettings, page
from schoolwatch.config import Config
from warehouse.connection import WarehouseBusyError

ERROR_TITLES = {400: "Bad request", 403: "Not allowed", 404: "Not found",
                405: "Not allowed", 429: "Too many requests", 503: "Busy"}


async def _login_required(request: Request, exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        target = "/"
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


async def _csrf_failed(request: Request, exc: Exception) -> Response:
    return page(request, "error.html", {
        "title": "Form expired",
        "message": "This form could not be checked (it may be old, or sent from another "
                   "site). Go back, reload the page and try again."}, status_code=403)


async def _busy(request: Request, exc: Exception) -> Response:
    response = page(request, "error.html", {
        "title": "Busy", "message": "The database is busy with the nightly update. Try again "
                                    "in a minute."}, status_code=503)
    response.headers["Retry-After"] = "30"
    return response


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    default = {404: "There is no such page, or you do not have access to it.",
               405: "That page cannot be used like this."}
    detail = exc.detail if exc.detail and exc.detail not in ERROR_TITLES.values() else None
    return page(request, "error.html", {
        "title": ERROR_TITLES.get(exc.status_code, "Error"),
        "message": detail or default.get(exc.status_code, "Something went wrong.")},
        status_code=exc.status_code)


def create_app(config: Config, settings: WebSettings | None = None,
               secret: bytes | None = None) -> Starlette:
    """The dashboard web app for this configuration."""
    settings = settings or WebSettings()
    state = AppState(
        config=config,
        db=WebWarehouse(config.warehouse_path, settings.wait_seconds, settings.hold_seconds,
                        settings.idle_seconds, settings.gap_seconds, settings.yield_seconds),
        secret=secret or load_secret_key(config.warehouse_path),
        settings=settings,
        limiter=LoginRateLimiter(settings.login_max_failures, settings.login_window_seconds),
    )
    with state.db.session() as con:  # create the file and apply migrations now
        state.refresh_digests_if_due(con)
    routes = [*health.routes, *login.routes, *inbox.routes, *cases.routes,
              *decisions.routes, *overview.routes,
              Mount("/static", StaticFiles(directory=static_dir()), name="static")]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        state.db.close()  # let go of the warehouse file on shutdown

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(SecurityHeadersMiddleware),
                    Middleware(CrossSiteRequestMiddleware)],
        exception_handlers={LoginRequired: _login_required, CsrfError: _csrf_failed,
                            WarehouseBusyError: _busy, HTTPException: _http_error},
    )
    app.state.schoolwatch = state
    return app
