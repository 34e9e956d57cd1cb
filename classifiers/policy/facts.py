"""What the engine knows about one mention: its labels, author role and special-rule cues.

Facts are computed once per mention from the dict ``warehouse.cases.untriaged``
returns, then every rule reads them. Detector spans count as evidence too: a
staff-name span means a member of staff is named even if the label missed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from classifiers.policy.author import AuthorRole, detect_author_role
from classifiers.policy.special import Cue, possible_iioc, possible_s141f, sexual_content
from schoolwatch.domain import LABELS

# Span kinds from the detectors that imply a label (matched by substring, so
# "staff", "staff_name" and "staff_honorific" all count).
_SPAN_LABELS: tuple[tuple[str, str], ...] = (
    ("staff", "names_staff"),
    ("teacher", "names_staff"),
    ("pupil", "identifies_pupil"),
    ("child", "identifies_pupil"),
    ("phone", "personal_data"),
    ("email", "personal_data"),
    ("address", "personal_data"),
    ("postcode", "personal_data"),
    ("plate", "personal_data"),
)
# Text cues are looked for in the first part of a post only: hostile posts can
# be megabytes long, and a cue that matters is never only on page fifty.
MAX_CUE_CHARS = 20_000


@dataclass(frozen=True)
class MentionFacts:
    """The inputs the rules see for one mention (shown on the dashboard as "inputs")."""

    mention_id: str
    labels: frozenset[str]
    classifier_labels: tuple[str, ...]
    implied_labels: tuple[str, ...]
    scores: Mapping[str, float]
    author: AuthorRole
    url: str
    sexual: Cue | None = None
    iioc: Cue | None = None
    s141f: Cue | None = None
    staff_spans: tuple[str, ...] = field(default=())

    def has(self, *labels: str) -> bool:
        """True when any of these labels applies."""
        return any(label in self.labels for label in labels)

    @property
    def harm_labels(self) -> frozenset[str]:
        """Labels other than civil criticism."""
        return self.labels - {"criticism"}

    def to_dict(self) -> dict[str, Any]:
        return {
            "mention_id": self.mention_id,
            "labels": sorted(self.labels),
            "classifier_labels": list(self.classifier_labels),
            "implied_labels": list(self.implied_labels),
            "scores": {k: round(float(v), 4) for k, v in sorted(self.scores.items())},
            "author": self.author.to_dict(),
            "url": self.url,
            "cues": {name: list(cue.words) for name, cue in
                     (("sexual", self.sexual), ("iioc", self.iioc), ("s141f", self.s141f))
                     if cue is not None},
        }


def mention_text(mention: Mapping[str, Any]) -> str:
    """Title and body as they were classified."""
    title = mention.get("title") or ""
    body = mention.get("body") or ""
    return f"{title}\n\n{body}" if title and body else (title or body)


def facts_for(mention: Mapping[str, Any]) -> MentionFacts:
    """Facts for one mention dict (keys as returned by ``warehouse.cases.untriaged``)."""
    classifier_labels = tuple(sorted(str(x) for x in (mention.get("labels") or [])
                                     if str(x) in LABELS))
    spans = mention.get("spans") or []
    implied: set[str] = set()
    staff_spans: list[str] = []
    for span in spans:
        kind = str(span.get("kind", "")).lower()
        for fragment, label in _SPAN_LABELS:
            if fragment in kind:
                implied.add(label)
                if label == "names_staff":
                    staff_spans.append(str(span.get("text", "")))
                break
    implied -= set(classifier_labels)
    labels = frozenset(classifier_labels) | implied
    text = mention_text(mention)[:MAX_CUE_CHARS]
    url = str(mention.get("url") or "")
    sexual = sexual_content(text)
    return MentionFacts(
        mention_id=str(mention.get("mention_id", "")),
        labels=labels,
        classifier_labels=classifier_labels,
        implied_labels=tuple(sorted(implied)),
        scores={str(k): float(v) for k, v in (mention.get("scores") or {}).items()},
        author=detect_author_role(text),
        url=url,
        sexual=sexual,
        iioc=possible_iioc(text, url, labels),
        s141f=possible_s141f(text, labels, staff_spans),
        staff_spans=tuple(staff_spans),
    )
