"""Evidence packs: one self-contained HTML file per case, for a complaints panel or the police.

The pack holds the posts exactly as captured (always escaped: posts are
hostile input), their URLs, posted and captured times, content and record
SHA-256 with a fresh check that they still match, labels and scores, the
recommendation with the policy clause it rests on, the deletion-watch
history, staff decisions and the chain of custody. It has inline CSS only
and a Content-Security-Policy that forbids loading anything, so it opens the
same anywhere, offline. Media is never included (see the IIOC rule).

Writing a pack appends an ``export`` entry, with the file's SHA-256, to the
audit log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from classifiers.policy.author import detect_author_role
from schoolwatch import __version__
from schoolwatch.config import Config
from schoolwatch.domain import ACTION_DESCRIPTIONS, SEVERITY_NAMES, flag_name
from schoolwatch.errors import SchoolwatchError
from warehouse import Warehouse, audit, cases, evidence, observations

TEMPLATES = Path(__file__).parent / "templates"

REMOVAL_SENTENCES: Mapping[str, str] = {
    "no_request": "No removal request has been recorded for this case.",
    "not_checked": "A removal request was recorded on {requested}; the posts have not been "
                   "re-checked since.",
    "removed": "A removal request was recorded on {requested}; the posts were seen removed "
               "by {removed}.",
    "partly_removed": "A removal request was recorded on {requested}; some of the posts were "
                      "seen removed (latest {removed}), others are still up.",
    "edited": "A removal request was recorded on {requested}; the post has been edited since, "
              "but not removed.",
    "still_up": "A removal request was recorded on {requested}; the posts were still up at the "
                "last re-check.",
    "unreachable": "A removal request was recorded on {requested}; the posts could not be "
                   "reached at the last re-check.",
}


class CaseNotFoundError(SchoolwatchError):
    """No case with that id in the warehouse."""


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%d %b %Y %H:%M:%S UTC")
    return "unknown" if value in (None, "") else str(value)


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html"], default=True))
    env.filters["when"] = _when
    env.filters["flag_name"] = flag_name
    return env


def _safe_link(url: str) -> str | None:
    """Only plain web addresses become links; anything else (javascript:, data:) stays text."""
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("http://", "https://")) else None


def gather(config: Config, con: Any, case_id: str) -> dict[str, Any]:
    """Everything a pack shows, read in one short warehouse session."""
    case = cases.get(con, case_id)
    if case is None:
        raise CaseNotFoundError(
            f"There is no case with id {case_id!r}. Case ids are shown on each case's page in "
            "the dashboard.")
    mentions = cases.mentions_of(con, case_id)
    return {
        "case": case,
        "mentions": mentions,
        "snapshots": {row["mention_id"]: row for row in evidence.snapshots(con, case_id)},
        "checks": evidence.verify(con, case_id),
        "explanation": evidence.deciding_explanation(con, case_id),
        "observations": observations.case_history(con, case_id),
        "removal": observations.removal_outcome(con, case_id),
        "decisions": evidence.decisions(con, case_id),
        "custody": evidence.custody_log(con, case_id),
    }


def render_evidence_pack(config: Config, data: Mapping[str, Any], actor: str,
                         generated_at: datetime) -> str:
    """The pack's HTML from :func:`gather`'s data."""
    case = data["case"]
    try:
        school = config.school(case["school_id"])
        school_name = school.name
    except KeyError:
        school_name = case["school_id"]
    trust = config.trust_for(case["school_id"])
    iioc = "iioc" in (case["flags"] or [])
    explanation = (data["explanation"] or {}).get("explanation") or {}
    winner = explanation.get("winner") or {}
    by_mention: dict[str, list[dict[str, Any]]] = {}
    for obs in data["observations"]:
        by_mention.setdefault(obs["mention_id"], []).append(obs)
    mentions = []
    for m in data["mentions"]:
        scores = m.get("scores") or {}
        mentions.append({
            **m,
            "link": None if iioc else _safe_link(m["url"] or ""),
            "labels": list(m.get("labels") or []),
            "score_list": sorted(((k, float(v)) for k, v in scores.items()),
                                 key=lambda kv: (-kv[1], kv[0])),
            "spans": m.get("spans") or [],
            "author_role": detect_author_role(f"{m.get('title') or ''}\n\n{m['body']}").role,
            "snapshot": data["snapshots"].get(m["mention_id"]),
            "check": data["checks"].get(m["mention_id"]),
            "observations": by_mention.get(m["mention_id"], []),
        })
    removal = data["removal"]
    sentence = REMOVAL_SENTENCES[removal["answer"]].format(
        requested=_when(removal["requested_at"]), removed=_when(removal["removed_at"]))
    return _environment().get_template("evidence/pack.html").render(
        case=case, school={"name": school_name}, trust=trust.name if trust else "",
        mentions=mentions, iioc=iioc, s141f="s141F" in (case["flags"] or []),
        action_description=ACTION_DESCRIPTIONS.get(case["action"], case["action"]),
        severity_name=SEVERITY_NAMES.get(case["severity"], ""),
        clause=winner.get("clause"), hits=explanation.get("hits", []),
        winner_rule=winner.get("rule_id"), decisions=data["decisions"],
        custody=data["custody"], removal_sentence=sentence, actor=actor,
        generated_at=_when(generated_at), version=__version__,
    )


def write_evidence_pack(config: Config, warehouse: Warehouse, case_id: str,
                        out_dir: str | Path, actor: str) -> Path:
    """Write ``evidence-<case>-<time>.html`` into ``out_dir``; log the export; return the path."""
    generated_at = datetime.now(UTC)
    target_dir = Path(out_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    with warehouse.write() as con:
        data = gather(config, con, case_id)
        html = render_evidence_pack(config, data, actor, generated_at)
        path = target_dir / f"evidence-{case_id}-{generated_at:%Y%m%dT%H%M%SZ}.html"
        payload = html.encode("utf-8", errors="replace")
        path.write_bytes(payload)
        audit.log(con, actor, "export", "case", case_id,
                  {"format": "html", "file": path.name,
                   "sha256": hashlib.sha256(payload).hexdigest(),
                   "mentions": len(data["mentions"])})
    return path
