"""Optional features provided by other parts of the dashboard room: drafted letters and
evidence packs. Each is used only if its module is installed, and called with the
arguments its signature asks for (by name), so the page works with or without them.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Draft:
    """One drafted letter or message, editable on the case page."""

    key: str
    title: str
    body: str


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _call(fn: Callable[..., Any], available: Mapping[str, Any]) -> Any:
    """Call ``fn`` passing, by name, those of ``available`` its signature takes."""
    params = inspect.signature(fn).parameters
    takes_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    kwargs = {k: v for k, v in available.items() if takes_all or k in params}
    return fn(**kwargs)


def drafts_available() -> bool:
    """Whether drafted letters can be shown."""
    return _optional("dashboards.drafts", "render_drafts") is not None


def evidence_available() -> bool:
    """Whether evidence packs can be made."""
    return _optional("dashboards.evidence", "write_evidence_pack") is not None


def _as_draft(index: int, item: Any, key: str | None = None) -> Draft | None:
    if isinstance(item, str):
        return Draft(key or f"draft-{index}", (key or "Draft").replace("_", " ").capitalize(),
                     item)
    if isinstance(item, Mapping):
        body = item.get("body") or item.get("text") or ""
        title = item.get("title") or item.get("subject") or key or "Draft"
        return Draft(str(item.get("key") or key or f"draft-{index}"), str(title), str(body))
    body = getattr(item, "body", None) or getattr(item, "text", None)
    if body is None:
        return None
    title = getattr(item, "title", None) or getattr(item, "subject", None) or key or "Draft"
    return Draft(str(getattr(item, "key", None) or key or f"draft-{index}"), str(title),
                 str(body))


def render_drafts(available: Mapping[str, Any]) -> list[Draft]:
    """Drafts for a case (empty if the drafts module is absent or fails)."""
    fn = _optional("dashboards.drafts", "render_drafts")
    if fn is None:
        return []
    try:
        result = _call(fn, available)
    except Exception:  # a broken draft must not take the case page down
        log.exception("drafting letters failed")
        return []
    items: list[tuple[str | None, Any]]
    if isinstance(result, Mapping):
        items = list(result.items())
    elif isinstance(result, list | tuple):
        items = [(None, item) for item in result]
    else:
        items = [(None, result)]
    drafts = [_as_draft(i, item, key) for i, (key, item) in enumerate(items)]
    return [d for d in drafts if d is not None]


def write_evidence_pack(available: Mapping[str, Any]) -> Path | None:
    """Write the case's evidence pack; returns its path (None if the module is absent)."""
    fn = _optional("dashboards.evidence", "write_evidence_pack")
    if fn is None:
        return None
    result = _call(fn, available)
    return Path(result) if result is not None else None
