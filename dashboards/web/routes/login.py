"""Login and logout."""

from __future__ import annotations

from math import ceil

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from dashboards.web import csrf
from dashboards.web.auth import (
    clear_session_cookie,
    new_session_cookie,
    set_session_cookie,
    token_from_cookie,
    token_hash,
)
from dashboards.web.messages import LOGIN_NOTICES
from dashboards.web.passwords import verify_password
from dashboards.web.state import app_state, page
from warehouse import audit, users, web_sessions

MAX_FIELD_LENGTH = 200


def safe_next(target: str | None) -> str:
    """Only local paths are followed after login (no open redirect to another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def login_form(request: Request) -> Response:
    return page(request, "login.html", {
        "error": None, "username": "", "next": safe_next(request.query_params.get("next")),
        "notice": LOGIN_NOTICES.get(request.query_params.get("notice", ""))})


async def login_submit(request: Request) -> Response:
    state = app_state(request)
    form = await request.form()
    csrf.verify_form(request, form, state.secret)
    username = str(form.get("username") or "").strip()[:MAX_FIELD_LENGTH]
    password = str(form.get("password") or "")[:1024]
    next_path = safe_next(str(form.get("next") or "/"))
    address = client_address(request)

    wait = state.limiter.retry_after(username, address)
    if wait > 0:
        minutes = max(1, ceil(wait / 60))
        response = page(request, "login.html", {
            "error": f"Too many failed attempts. Wait {minutes} minute"
                     f"{'s' if minutes > 1 else ''} and try again.",
            "username": username, "next": next_path, "notice": None}, status_code=429)
        response.headers["Retry-After"] = str(ceil(wait))
        return response

    def check() -> str | None:
        with state.db.session() as con:
            account = users.get(con, username) if username else None
        stored = account["password_hash"] if account and not account["disabled"] else None
        # The slow hash runs outside the warehouse session, so it never holds the file.
        if not verify_password(password, stored):
            with state.db.session() as con:
                audit.log(con, username or "(blank)", "login_failed", "user", username or None,
                          {"address": address})
            return None
        token, cookie = new_session_cookie(state.secret)
        with state.db.session() as con:
            web_sessions.purge_expired(con, state.settings.sessions.idle_timeout)
            web_sessions.create(con, token_hash(token), username,
                                state.settings.sessions.lifetime, address)
            audit.log(con, username, "login", "user", username, {"address": address})
        return cookie

    cookie = await run_in_threadpool(check)
    if cookie is None:
        state.limiter.failed(username, address)
        return page(request, "login.html", {
            "error": "That username and password do not match. Check them and try again.",
            "username": username, "next": next_path, "notice": None}, status_code=401)
    state.limiter.succeeded(username, address)
    response = RedirectResponse(next_path, status_code=303)
    set_session_cookie(response, request, cookie, state.settings.sessions)
    return response


async def logout(request: Request) -> Response:
    state = app_state(request)
    form = await request.form()
    csrf.verify_form(request, form, state.secret)
    token = token_from_cookie(request, state.secret)
    if token is not None:
        def end() -> None:
            hashed = token_hash(token)
            with state.db.session() as con:
                row = web_sessions.lookup(con, hashed, state.settings.sessions.idle_timeout)
                web_sessions.delete(con, hashed)
                if row is not None:
                    audit.log(con, row["username"], "logout", "user", row["username"])
        await run_in_threadpool(end)
    response = RedirectResponse("/login?notice=logged_out", status_code=303)
    clear_session_cookie(response)
    return response


routes = [
    Route("/login", login_form, methods=["GET"]),
    Route("/login", login_submit, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
]
