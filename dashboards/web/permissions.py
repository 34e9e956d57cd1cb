"""Roles and what each may see and do.

- ``office``: triage for their schools; a safeguarding case shows only that it exists.
- ``headteacher``: everything for their schools.
- ``dsl``: everything for their schools, safeguarding included.
- ``trust``: several schools, read-mostly (may add notes); safeguarding details hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROLES: tuple[str, ...] = ("office", "headteacher", "dsl", "trust")
ROLE_DESCRIPTIONS = {
    "office": "Office staff: triage cases; safeguarding cases show only that they exist",
    "headteacher": "Headteacher: sees and decides everything for their schools",
    "dsl": "Designated Safeguarding Lead: sees and decides everything, safeguarding included",
    "trust": "Trust staff: read-mostly view of several schools; may add notes",
}
_SEES_SAFEGUARDING = frozenset({"headteacher", "dsl"})
TRIAGE_DECISIONS: tuple[str, ...] = ("confirm", "dismiss", "action", "resolve", "reopen",
                                     "assign", "note", "correct")


@dataclass(frozen=True)
class User:
    """A logged-in person. ``schools`` is None when they may see every school."""

    username: str
    role: str
    schools: tuple[str, ...] | None

    @property
    def sees_safeguarding(self) -> bool:
        """Whether safeguarding case details are shown to this person."""
        return self.role in _SEES_SAFEGUARDING

    def may_see_school(self, school_id: str) -> bool:
        """Whether cases of this school are visible at all."""
        return self.schools is None or school_id in self.schools

    def school_scope(self, configured: Sequence[str]) -> list[str]:
        """The configured schools this person may see."""
        return [s for s in configured if self.may_see_school(s)]

    def sees_details(self, safeguarding: bool) -> bool:
        """Whether a case's posts and labels are shown (not just that it exists)."""
        return not safeguarding or self.sees_safeguarding

    def allowed_decisions(self, safeguarding: bool) -> tuple[str, ...]:
        """Decisions this person may take on a case."""
        if self.role == "trust":
            return ("note",) if self.sees_details(safeguarding) else ()
        if not self.sees_details(safeguarding):
            return ()
        return TRIAGE_DECISIONS
