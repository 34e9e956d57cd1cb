"""Turns a case from the warehouse into what the case page shows, per viewer.

Shared by the live case page and the static snapshot, so both apply the same
rules: a viewer who may not see safeguarding details gets only the fact that
the case exists; the snapshot also removes pupils' names and personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboards.web.highlight import highlight, legend
from dashboards.web.permissions import User
from dashboards.web.rendering import safe_url


def _mention_view(mention: Mapping[str, Any], redact: bool) -> dict[str, Any]:
    spans = [s for s in mention.get("spans") or [] if isinstance(s, Mapping)]
    scores = mention.get("scores") or {}
    labels = set(mention.get("labels") or [])
    return {
        **mention,
        "title_html": highlight(mention.get("title") or "", spans, redact=redact),
        "body_html": highlight(mention.get("body") or "", spans, redact=redact),
        "link": safe_url(mention.get("url")),
        "legend": legend(spans),
        "score_rows": sorted(
            ({"label": label, "score": float(score), "flagged": label in labels}
             for label, score in scores.items() if isinstance(score, int | float)),
            key=lambda r: -r["score"]),
        "author": None if redact else mention.get("author"),
    }


def case_view(detail: Mapping[str, Any], user: User, *, redact: bool = False) -> dict[str, Any]:
    """The case page's data for this viewer. ``restricted`` pages show only that a case exists."""
    case = detail["case"]
    restricted = not user.sees_details(bool(case["safeguarding"])) or (
        redact and bool(case["safeguarding"]))
    view: dict[str, Any] = {
        "case": case, "restricted": restricted,
        "allowed": () if redact else user.allowed_decisions(bool(case["safeguarding"])),
    }
    if restricted:
        view.update(mentions=[], decisions=[], audit=[])
        return view
    decisions = detail["decisions"]
    if redact:  # free-text notes may name people: the snapshot keeps only what was decided
        decisions = [{**d, "detail": {k: v for k, v in d["detail"].items()
                                      if k in ("action", "wrong_labels", "missing_labels")}}
                     for d in decisions]
    view.update(
        mentions=[_mention_view(m, redact) for m in detail["mentions"]],
        decisions=decisions,
        audit=[] if redact else detail["audit"],
    )
    return view
