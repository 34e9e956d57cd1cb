"""Login sessions: a signed random token in an HttpOnly cookie, checked against the warehouse.

The cookie holds ``<token>.<HMAC>``; the warehouse keeps only SHA-256(token)
with an absolute expiry and an idle timeout, so logout and expiry take effect
at once and a stolen copy of the warehouse gives no logins.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

import duckdb
from starlette.requests import Request
from starlette.responses import Response

from dashboards.web.permissions import User
from warehouse import web_sessions
from warehouse._util import utcnow
from warehouse.users import ALL_SCHOOLS

SESSION_COOKIE = "sw_session"
# Write last-seen at most this often, so reading pages rarely writes.
_TOUCH_EVERY = timedelta(seconds=60)


class LoginRequired(Exception):  # noqa: N818 - control flow, not an error
    """Raised by a page when there is no valid session; answered with a redirect to /login."""


@dataclass(frozen=True)
class SessionSettings:
    """How long logins last."""

    lifetime: timedelta = timedelta(hours=8)
    idle_timeout: timedelta = timedelta(minutes=30)


def _sign(secret: bytes, value: str) -> str:
    mac = hmac.new(secret, value.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def token_hash(token: str) -> str:
    """What the warehouse stores for a session token."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def new_session_cookie(secret: bytes) -> tuple[str, str]:
    """A fresh (token, cookie value)."""
    token = secrets.token_urlsafe(32)
    return token, f"{token}.{_sign(secret, token)}"


def token_from_cookie(request: Request, secret: bytes) -> str | None:
    """The session token if the cookie is present and its signature is ours."""
    value = request.cookies.get(SESSION_COOKIE, "")
    token, _, signature = value.partition(".")
    if not token or not signature or len(value) > 200:
        return None
    if not hmac.compare_digest(signature, _sign(secret, token)):
        return None
    return token


def current_user(request: Request, con: duckdb.DuckDBPyConnection, secret: bytes,
                 settings: SessionSettings) -> User | None:
    """The logged-in user for this request, or None. Refreshes the idle timer."""
    token = token_from_cookie(request, secret)
    if token is None:
        return None
    hashed = token_hash(token)
    row = web_sessions.lookup(con, hashed, settings.idle_timeout)
    if row is None:
        return None
    if utcnow() - row["last_seen_at"] > _TOUCH_EVERY:
        web_sessions.touch(con, hashed)
    schools = tuple(row["schools"] or ())
    return User(username=row["username"], role=row["role"],
                schools=None if ALL_SCHOOLS in schools else schools)


def set_session_cookie(response: Response, request: Request, cookie_value: str,
                       settings: SessionSettings) -> None:
    """Attach the login cookie (HttpOnly, SameSite=Lax, Secure over HTTPS)."""
    response.set_cookie(SESSION_COOKIE, cookie_value,
                        max_age=int(settings.lifetime.total_seconds()), httponly=True,
                        samesite="lax", secure=request.url.scheme == "https", path="/")


def clear_session_cookie(response: Response) -> None:
    """Remove the login cookie."""
    response.delete_cookie(SESSION_COOKIE, path="/")
