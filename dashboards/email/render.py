"""Turn digest/alert content into a multipart/alternative email with a stable Message-ID.

Templates live in ``dashboards/templates/email/``: ``NAME.html`` (inline CSS,
table layout, no external assets, so Outlook and Gmail show the same thing)
and ``NAME.txt`` (the plain-text part). HTML templates are autoescaped: post
text from the internet is shown, never interpreted.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from dashboards.email import styles, wording
from schoolwatch.config import Config

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "email"
SENDER_NAME = "schoolwatch"
EXCERPT_CHARS = 280
# Headers are written on one line (up to RFC 5322's 998): Python's default
# 78-column folding starts long subjects on a continuation line, which some
# clients show with a leading space. Bodies are quoted-printable, so their
# lines stay short whatever this says.
_OUTPUT_POLICY = policy.default.clone(max_line_length=998)

# Control characters (except tab/newline) and bidi overrides can disguise text.
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_WORDS_TO_DROP = {"school", "primary", "infant", "infants", "junior", "community", "academy",
                  "secondary", "high", "college", "nursery"}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment for email templates (HTML autoescaped, text not)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["excerpt"] = excerpt
    env.globals["s"] = styles
    env.globals["redacted_note"] = wording.REDACTED_NOTE
    return env


def render_pair(name: str, **context: Any) -> tuple[str, str]:
    """Render ``name.txt`` and ``name.html`` with the same context; returns (text, html)."""
    env = environment()
    text = env.get_template(f"{name}.txt").render(**context)
    html = env.get_template(f"{name}.html").render(**context)
    return text, html


def excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str:
    """Post text for an email: one line, unsafe characters removed, cut at a word boundary."""
    if not text:
        return ""
    flat = " ".join(_UNSAFE_CHARS.sub(" ", str(text)).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…"


def safe_link(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link; None for javascript:, data: and other schemes."""
    if not url or _UNSAFE_CHARS.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def short_name(name: str) -> str:
    """'Beech Hill Community Primary School' -> 'Beech Hill'; keeps at least one word."""
    words = name.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    while len(words) > 1 and words[-1].lower().strip(".,") in _WORDS_TO_DROP:
        words = words[:-1]
    return " ".join(words) or name


def one_line(text: str) -> str:
    """Header-safe text: no line breaks or control characters."""
    return " ".join(_UNSAFE_CHARS.sub(" ", text).split())


def sender_of(config: Config) -> str:
    """The From address (a placeholder for dry runs without an [smtp] section)."""
    return config.smtp.sender if config.smtp and config.smtp.sender else "schoolwatch@localhost"


def message_id_for(key: str, sender: str) -> str:
    """A Message-ID derived from the idempotency key: the same key always gives the same id."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    domain = sender.rpartition("@")[2] or "schoolwatch.invalid"
    return f"<sw.{digest}@{domain}>"  # short enough that the header is never folded


def compose(*, key: str, sender: str, recipient: str, subject: str, text: str, html: str,
            now: datetime, urgent: bool = False) -> EmailMessage:
    """Build the multipart/alternative message (plain text first, HTML preferred)."""
    message = EmailMessage()
    message["From"] = formataddr((SENDER_NAME, sender))
    message["To"] = recipient
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id_for(key, sender)
    # Tells mail servers and out-of-office replies this is automatic mail.
    message["Auto-Submitted"] = "auto-generated"
    if urgent:
        message["Importance"] = "high"
        message["X-Priority"] = "1"
    # Quoted-printable keeps the stored message 7-bit ASCII, whatever the post text was.
    message.set_content(text, charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


def serialise(message: EmailMessage) -> str:
    """The message as stored in the outbox and written to ``.eml`` files."""
    return message.as_string(policy=_OUTPUT_POLICY)
