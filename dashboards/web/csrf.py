"""Cross-site request forgery protection, two layers deep.

1. Header check, as datasette does: a state-changing request whose
   ``Sec-Fetch-Site`` says it came from another site, or whose ``Origin`` is
   not this server, is refused before any handler runs.
2. A token: every form carries ``csrf_token``, which must equal the signed
   ``sw_csrf`` cookie (double submit). Handlers call :func:`verify_form`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

CSRF_COOKIE = "sw_csrf"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CsrfError(Exception):
    """The form's CSRF token is missing or wrong."""


def _sign(secret: bytes, value: str) -> str:
    mac = hmac.new(secret, b"csrf:" + value.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def new_token(secret: bytes) -> str:
    """A fresh signed token for the cookie and the forms."""
    value = secrets.token_urlsafe(24)
    return f"{value}.{_sign(secret, value)}"


def valid_token(secret: bytes, token: str | None) -> bool:
    """Whether a token was signed by us."""
    if not token or len(token) > 200:
        return False
    value, _, signature = token.partition(".")
    try:
        return bool(value) and hmac.compare_digest(signature, _sign(secret, value))
    except (TypeError, UnicodeEncodeError):
        return False


def token_for(request: Request, secret: bytes) -> str:
    """The token to put in this page's forms (reusing the cookie's when valid)."""
    existing = request.cookies.get(CSRF_COOKIE)
    if valid_token(secret, existing):
        return str(existing)
    token = getattr(request.state, "new_csrf_token", None)
    if token is None:
        token = new_token(secret)
        request.state.new_csrf_token = token
    return token


def set_cookie_if_new(request: Request, response: Response) -> None:
    """Send the token cookie when this page created it."""
    token = getattr(request.state, "new_csrf_token", None)
    if token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")


def verify_form(request: Request, form: FormData, secret: bytes) -> None:
    """Raise CsrfError unless the form's token equals the (valid) cookie token."""
    cookie = request.cookies.get(CSRF_COOKIE)
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not valid_token(secret, cookie):
        raise CsrfError
    if not hmac.compare_digest(sent, str(cookie)):
        raise CsrfError


def cross_site_reason(scope: Scope) -> str | None:
    """Why a state-changing request looks cross-site, or None if it does not."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        if fetch_site not in ("same-origin", "none"):
            return f"Sec-Fetch-Site is {fetch_site!r}"
        return None
    origin = headers.get("origin")
    if origin is None:
        return None  # old browser or a script: the token check still applies
    host = headers.get("host", "")
    parsed = urlsplit(origin)
    if origin == "null" or parsed.netloc.lower() != host.lower():
        return "the Origin header is another site"
    return None


class CrossSiteRequestMiddleware:
    """Refuses state-changing requests that browsers mark as coming from another site."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS:
            reason = cross_site_reason(scope)
            if reason is not None:
                response = PlainTextResponse(
                    "This form was sent from another website, so it was refused "
                    f"({reason}). Open the dashboard directly and try again.", status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
