"""Jinja2 set-up shared by the web app and the static export: autoescaping, filters, links."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import jinja2

from schoolwatch.domain import ACTION_DESCRIPTIONS, SEVERITY_NAMES, flag_name

LOCAL_TZ = ZoneInfo("Europe/London")
LABEL_NAMES: Mapping[str, str] = {
    "abusive": "Abusive", "threat": "Threat", "hate": "Hate", "defamatory": "Defamatory",
    "names_staff": "Names staff", "identifies_pupil": "Identifies a pupil",
    "personal_data": "Personal data", "safeguarding": "Safeguarding", "criticism": "Criticism",
}
STATUS_NAMES: Mapping[str, str] = {
    "new": "New", "confirmed": "Confirmed", "actioned": "Actioned",
    "dismissed": "Dismissed", "resolved": "Resolved", "open": "Open", "all": "All",
}


def templates_dir() -> str:
    """Where the page templates live (inside the installed package)."""
    return str(resources.files("dashboards") / "templates")


def static_dir() -> str:
    """Where the CSS and JavaScript live."""
    return str(resources.files("dashboards") / "static")


def format_time(value: datetime | date | None, with_time: bool = True) -> str:
    """UK local time, e.g. ``3 Mar 2025 14:05``."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LOCAL_TZ)
        return value.strftime("%-d %b %Y %H:%M" if with_time else "%-d %b %Y")
    return value.strftime("%-d %b %Y")


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s); anything else (``javascript:``, ``data:``) is not linked."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


class WebLinks:
    """URLs of the live dashboard."""

    static_mode = False

    def inbox(self, **params: Any) -> str:
        query = urlencode({k: v for k, v in params.items() if v not in (None, "", [])},
                          doseq=True)
        return "/" + (f"?{query}" if query else "")

    def case(self, case_id: str) -> str:
        return f"/cases/{case_id}"

    def overview(self) -> str:
        return "/overview"

    def static(self, name: str) -> str:
        return f"/static/{name}"


class StaticLinks(WebLinks):
    """Relative URLs between the files of the static snapshot."""

    static_mode = True

    def __init__(self, depth: int = 0) -> None:
        self.prefix = "../" * depth

    def inbox(self, **params: Any) -> str:
        return f"{self.prefix}index.html"

    def case(self, case_id: str) -> str:
        return f"{self.prefix}cases/{case_id}.html"

    def overview(self) -> str:
        return f"{self.prefix}overview.html"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment: autoescape on for everything, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = format_time
    env.filters["day"] = lambda v: format_time(v, with_time=False)
    env.filters["severity_name"] = lambda s: SEVERITY_NAMES.get(int(s), str(s))
    env.filters["action_text"] = lambda a: ACTION_DESCRIPTIONS.get(a, a)
    env.filters["label_name"] = lambda label: LABEL_NAMES.get(label, label)
    env.filters["flag_name"] = flag_name
    env.filters["status_name"] = lambda s: STATUS_NAMES.get(s, s)
    env.filters["safe_url"] = safe_url
    env.filters["percent"] = lambda v: f"{float(v) * 100:.0f}%"
    env.globals["LABEL_NAMES"] = LABEL_NAMES
    env.globals["STATUS_NAMES"] = STATUS_NAMES
    return env


def render(template: str, context: Mapping[str, Any]) -> str:
    """Render one page template."""
    return environment().get_template(template).render(**context)
