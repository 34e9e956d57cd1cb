"""Domain types shared by every room: what a mention, a match, a label and an action are.

These are plain frozen dataclasses with no behaviour beyond small helpers, so
connectors, classifiers, the warehouse and the dashboard agree on one
vocabulary without importing each other.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Labels the classifier scores. The first eight are harms; ``criticism`` is
# negative-but-civil comment, which is legitimate and never escalated alone.
HARM_LABELS: tuple[str, ...] = (
    "abusive",
    "threat",
    "hate",
    "defamatory",
    "names_staff",
    "identifies_pupil",
    "personal_data",
    "safeguarding",
)
LABELS: tuple[str, ...] = (*HARM_LABELS, "criticism")

# Recommended actions, least to most serious.
ACTIONS: tuple[str, ...] = (
    "none",
    "monitor",
    "request_removal",
    "complaints_procedure",
    "report_platform",
    "escalate_dsl",
    "escalate_police",
)

ACTION_DESCRIPTIONS: Mapping[str, str] = {
    "none": "No action needed",
    "monitor": "Keep an eye on it; no action",
    "request_removal": "Ask the parent to remove the post and invite them in to talk",
    "complaints_procedure": "Refer to the school's complaints procedure",
    "report_platform": "Report the post to the platform",
    "escalate_dsl": "Tell the Designated Safeguarding Lead now",
    "escalate_police": "Contact the police",
}

# Case statuses as staff move a case through review.
CASE_STATUSES: tuple[str, ...] = ("new", "confirmed", "actioned", "dismissed", "resolved")

# Severity 0 (nothing) to 4 (urgent). Urgent cases alert at once.
SEVERITY_NAMES: Mapping[int, str] = {0: "none", 1: "low", 2: "medium", 3: "high", 4: "urgent"}

# The policy engine's case flags, in words for the dashboard, letters and evidence packs.
FLAG_NAMES: Mapping[str, str] = {
    "police": "Police matter",
    "headteacher": "For the headteacher",
    "safeguarding": "Safeguarding (DSL)",
    "possible_safeguarding": "Possible safeguarding concern",
    "possible_threat": "Possible threat",
    "possible_hate": "Possible hate",
    "iioc": "Possible indecent images of children",
    "s141F": "Reporting restriction (teacher accused by a pupil)",
    "sexual": "Sexual content about a child",
    "pupil_author": "Written by a pupil",
    "pupil_identified": "A pupil is identified",
    "staff_author": "Written by a member of staff",
}


def flag_name(flag: str) -> str:
    """A case flag in words (an unknown one as itself, with spaces)."""
    return FLAG_NAMES.get(flag, flag.replace("_", " "))


def sha256_text(text: str) -> str:
    """Hex SHA-256 of text encoded as UTF-8 (surrogates kept, so nothing is lost)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class RawItem:
    """One post, comment or article exactly as a source gave it.

    ``source`` is the connector ("reddit", "feed"); ``source_key`` names the
    particular source within it (a feed URL, "reddit:search"); ``external_id``
    is the item's id at the source and, with ``source``, its identity.
    ``thread_key`` groups items about one conversation into one case.
    """

    source: str
    source_key: str
    external_id: str
    kind: str
    url: str
    text: str
    title: str = ""
    author: str | None = None
    posted_at: datetime | None = None
    fetched_at: datetime | None = None
    thread_key: str | None = None
    canonical_url: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def mention_id(self) -> str:
        """Stable id for this item: a hash of source and external id."""
        return sha256_text(f"{self.source}\x1f{self.external_id}")[:32]

    @property
    def full_text(self) -> str:
        """Title and body together, as they are matched and classified."""
        if self.title and self.text:
            return f"{self.title}\n\n{self.text}"
        return self.title or self.text

    @property
    def content_sha256(self) -> str:
        """Hash of exactly what was captured: title, body and raw record."""
        raw_json = json.dumps(self.raw, sort_keys=True, ensure_ascii=False, default=str)
        return sha256_text(f"{self.title}\x1f{self.text}\x1f{raw_json}")


@dataclass(frozen=True)
class SchoolMatch:
    """A school a text is about, with the alias that matched and where."""

    school_id: str
    alias: str
    start: int
    end: int


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of text: a staff name, a pupil, a phone number..."""

    kind: str
    start: int
    end: int
    text: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text,
                "detail": self.detail}


@dataclass(frozen=True)
class Classification:
    """Scores per label, the labels over threshold, and detector spans."""

    scores: Mapping[str, float]
    labels: tuple[str, ...]
    spans: tuple[Span, ...] = ()
    model_version: str = ""


@dataclass(frozen=True)
class Recommendation:
    """What the school's policy says to do, and why."""

    action: str
    severity: int
    reason: str
    clause: str = ""
    policy: str = ""
    flags: tuple[str, ...] = ()
