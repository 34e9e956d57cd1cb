"""Who wrote a post, where the text says so: parent, pupil, staff, public, or unknown.

The policies treat authors differently: a parent is asked to remove a post
and invited in; a member of staff disparaging their own school is a matter
for the headteacher under the staff policy; a pupil goes through behaviour
and safeguarding routes; anyone else is reported to the platform. Only what
the text itself says counts: no account look-ups, no profiling of people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLES: tuple[str, ...] = ("parent", "pupil", "staff", "public", "unknown")

_KIN = (r"(?:son|daughter|child|children|kids?|boy|girl|little one|lad|twins|stepson|"
        r"stepdaughter|grandson|granddaughter|grandchild(?:ren)?)")

# Checked in this order: the first role with a cue wins. Staff first, because a
# member of staff who is also a parent is bound by the staff policy.
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("staff", re.compile(
        r"\bI(?:'ve| have)? (?:work|worked|teach|taught) (?:at|in|for)\b"
        r"|\bI(?:'m| am) (?:a |an )?(?:teacher|TA|teaching assistant|member of staff|staff member|"
        r"governor|dinner lady|lunchtime supervisor|cleaner|caretaker|SENCO)\b(?: (?:at|in)\b)?"
        r"|\bas (?:a |an )?(?:teacher|TA|teaching assistant|member of staff|staff member)\b"
        r"|\bmy (?:colleagues|pupils|class of|line manager)\b"
        r"|\bwe (?:teachers|staff)\b|\bthe staffroom\b|\bstaff here\b",
        re.IGNORECASE)),
    ("public", re.compile(
        r"\b(?:I(?:'m| am) )?not a parent\b|\bI don'?t have (?:kids|children)\b", re.IGNORECASE)),
    ("parent", re.compile(
        rf"\b(?:my|our) {_KIN}\b"
        r"|\bas (?:a |an )?(?:parent|mum|mom|mother|dad|father|carer|guardian|grandparent)\b"
        r"|\bI(?:'m| am) (?:a |the )?(?:parent|mum|mom|dad|carer|guardian)\b"
        r"|\b(?:mum|mom|dad|mother|father|parent) of (?:a|an|one|two|three|four|\d)\b",
        re.IGNORECASE)),
    ("pupil", re.compile(
        r"\bI(?:'m| am) in (?:year|yr) ?\d{1,2}\b"
        r"|\bmy (?:teacher|form tutor|head of year|classmates?|form group)\b"
        r"|\bI go to\b|\bat my school\b|\bour teacher\b|\bmy (?:mates|friends) at school\b",
        re.IGNORECASE)),
    ("public", re.compile(
        r"\bI live (?:near|next to|opposite|by|round the corner from)\b"
        r"|\b(?:local resident|neighbour|council ?tax ?payer)\b",
        re.IGNORECASE)),
)


@dataclass(frozen=True)
class AuthorRole:
    """The author's role and the words that showed it (empty when unknown)."""

    role: str
    cue: str = ""
    start: int = -1
    end: int = -1

    def to_dict(self) -> dict[str, object]:
        return {"role": self.role, "cue": self.cue, "start": self.start, "end": self.end}


def detect_author_role(text: str) -> AuthorRole:
    """The author's role where the text says it; ``unknown`` when it does not."""
    for role, pattern in _CUES:
        match = pattern.search(text)
        if match:
            return AuthorRole(role, match.group(0), match.start(), match.end())
    return AuthorRole("unknown")
