"""Drafted letters and reports for a case, filled in from the school's config and the posts.

Kinds: ``removal_request`` (to the parent, or the member of staff, who
posted), ``complaints_referral`` (to the parent, pointing to the complaints
procedure), ``platform_report`` (text for the platform's report form),
``dsl_referral`` and ``police_referral`` (summaries to pass on).

**Nothing here sends anything.** A draft is shown for a person to edit,
approve and send themselves; ``warehouse.drafts`` keeps the edited versions,
the approval and (when staff record it) that it was sent by hand. Drafts are
plain text: whoever displays them in HTML must escape them (they quote posts).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from classifiers.policy.author import detect_author_role
from classifiers.policy.profile import DEFAULT_PROFILE, PolicyProfile, load_profile
from schoolwatch.config import Config
from schoolwatch.domain import ACTION_DESCRIPTIONS, HARM_LABELS, flag_name

TEMPLATES = Path(__file__).parent / "templates" / "drafts"
EXCERPT_CHARS = 400

# Which drafts each recommended action calls for, most useful first.
ACTION_DRAFTS: Mapping[str, tuple[str, ...]] = {
    "none": (),
    "monitor": (),
    "request_removal": ("removal_request",),
    "complaints_procedure": ("complaints_referral",),
    "report_platform": ("platform_report",),
    "escalate_dsl": ("dsl_referral", "platform_report"),
    "escalate_police": ("police_referral", "dsl_referral"),
}
_TEMPLATE_FOR = {
    "removal_request": "removal_request.txt.j2",
    "complaints_referral": "complaints_referral.txt.j2",
    "platform_report": "platform_report.txt.j2",
    "dsl_referral": "referral_summary.txt.j2",
    "police_referral": "referral_summary.txt.j2",
}
_REPORT_REASONS: Mapping[str, str] = {
    "abusive": "it is abusive and harasses members of our school community",
    "threat": "it threatens violence or harm",
    "hate": "it attacks people for a protected characteristic",
    "defamatory": "it makes unfounded allegations about identifiable people",
    "names_staff": "it targets a named member of staff",
    "identifies_pupil": "it identifies a child",
    "personal_data": "it publishes personal information (such as an address or phone number)",
    "safeguarding": "it raises a concern about a child's safety",
}
# Which rule's clause a letter quotes: the passage about that kind of author.
_LETTER_CLAUSE: Mapping[tuple[str, str], str] = {
    ("removal_request", "staff"): "staff_author",
    ("removal_request", ""): "offensive_parent",
    ("complaints_referral", ""): "defamatory",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drafts_for(action: str, flags: Sequence[str] = ()) -> tuple[str, ...]:
    """The draft kinds relevant to an action (possible IIOC: police and DSL only)."""
    if "iioc" in flags:
        return ("police_referral", "dsl_referral")
    kinds = ACTION_DRAFTS.get(action, ())
    if "s141F" in flags and "removal_request" not in kinds:
        kinds = (*kinds, "removal_request")
    return kinds


def render_drafts(config: Config, school_id: str, case: Mapping[str, Any],
                  mentions: Sequence[Mapping[str, Any]],
                  now: datetime | None = None) -> dict[str, str]:
    """Drafts relevant to the case's recommended action, keyed by kind.

    ``case`` is a row from ``warehouse.cases.get``; ``mentions`` come from
    ``warehouse.cases.mentions_of``. ``now`` fixes the date printed (tests).
    """
    school = config.school(school_id)
    flags = list(case.get("flags") or [])
    kinds = drafts_for(str(case.get("action", "none")), flags)
    if not kinds:
        return {}
    iioc = "iioc" in flags
    posts = [_post(m, hide_text=iioc) for m in mentions]
    main = posts[_main_index(mentions)] if posts else _post({}, hide_text=True)
    author_role = main["author_role"]
    if "staff_author" in flags:
        author_role = "staff"
    profile = load_profile(school.policy)
    labels = sorted({label for p in posts for label in p["labels"] if label in HARM_LABELS})
    context = {
        "school": {
            "name": school.name, "signatory": school.signatory or f"The Headteacher, {school.name}",
            "complaints_url": school.complaints_url, "office": school.contacts.office,
            "dsl": school.contacts.dsl, "head_title": "The headteacher",
        },
        "case": {"case_id": case.get("case_id", ""), "reason": case.get("reason", ""),
                 "clause": case.get("clause", ""), "flags": flags,
                 "severity": case.get("severity", 0), "action": case.get("action", "")},
        "action_description": ACTION_DESCRIPTIONS.get(str(case.get("action")), ""),
        "post": main, "posts": posts, "author_role": author_role,
        "s141f": "s141F" in flags, "iioc": iioc,
        "report_reasons": [_REPORT_REASONS[label] for label in labels
                           if label in _REPORT_REASONS] or ["it breaks your community rules"],
        "report_rules": "harassment and bullying" if "personal_data" not in labels
        else "harassment and private information",
        "today": (now or datetime.now(UTC)).strftime("%d %B %Y"),
    }
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=False, keep_trailing_newline=True,  # noqa: S701 - plain text
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["flag_name"] = flag_name
    drafts: dict[str, str] = {}
    for kind in kinds:
        template = env.get_template(_TEMPLATE_FOR[kind])
        text = template.render(**context, recipient="police" if kind == "police_referral"
                               else "dsl",
                               policy_quote=_policy_quote(profile, kind, author_role))
        drafts[kind] = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return drafts


def _policy_quote(profile: PolicyProfile, kind: str, author_role: str) -> str:
    """The school's own words behind a letter (none for the default profile)."""
    if profile.id == DEFAULT_PROFILE:
        return ""
    rule = _LETTER_CLAUSE.get((kind, author_role)) or _LETTER_CLAUSE.get((kind, ""))
    return profile.clause(rule).quote if rule else ""


def _platform(mention: Mapping[str, Any]) -> str:
    if mention.get("source") == "reddit":
        return "Reddit"
    host = urlsplit(str(mention.get("url") or "")).hostname or ""
    return host.removeprefix("www.") or "the website"


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%d %B %Y at %H:%M UTC")
    return "an unknown date"


def _excerpt(mention: Mapping[str, Any]) -> str:
    text = f"{mention.get('title') or ''} {mention.get('body') or ''}"
    text = " ".join(_CONTROL.sub(" ", text).split())
    if len(text) > EXCERPT_CHARS:
        text = text[: EXCERPT_CHARS - 1].rstrip() + "…"
    return text


def _post(mention: Mapping[str, Any], hide_text: bool) -> dict[str, Any]:
    text = f"{mention.get('title') or ''}\n\n{mention.get('body') or ''}"
    return {
        "url": str(mention.get("url") or ""),
        "platform": _platform(mention),
        "author": mention.get("author") or "",
        "posted": _when(mention.get("posted_at")),
        "captured": _when(mention.get("fetched_at")),
        "content_sha256": mention.get("content_sha256") or "(not recorded)",
        "labels": list(mention.get("labels") or []),
        "excerpt": "" if hide_text else _excerpt(mention),
        "author_role": detect_author_role(text).role,
    }


def _main_index(mentions: Sequence[Mapping[str, Any]]) -> int:
    """The post the drafts are about: the one with the most harm labels (earliest on ties)."""
    def weight(i: int) -> tuple[int, int]:
        labels = set(mentions[i].get("labels") or [])
        return (len(labels & set(HARM_LABELS)), -i)
    return max(range(len(mentions)), key=weight)

