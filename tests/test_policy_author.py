"""Author role from the text: parent, pupil, staff, public or unknown."""

from __future__ import annotations

import pytest

from classifiers.policy.author import detect_author_role

CASES = [
    ("My son is in Year 3 and the homework is too hard", "parent", "My son"),
    ("As a mum I am furious about the trip", "parent", "As a mum"),
    ("Dad of two here: the new gate system is a mess", "parent", "Dad of two"),
    ("I'm in year 10 and my teacher never marks anything", "pupil", "I'm in year 10"),
    ("Our teacher shouted at everyone today", "pupil", "Our teacher"),
    ("I work at Glory Farm and management is a joke", "staff", "I work at"),
    ("As a teacher here, I'm tired of the paperwork", "staff", "As a teacher"),
    ("I'm a TA at the school and my son goes there too", "staff", "I'm a TA at"),
    ("I'm not a parent but the traffic at pick-up is awful", "public", "I'm not a parent"),
    ("I live near the school and the parking is dangerous", "public", "I live near"),
    ("This school is a disgrace", "unknown", ""),
    ("Teachers at this school are paid too much", "unknown", ""),
]


@pytest.mark.parametrize(("text", "role", "cue"), CASES)
def test_role_from_text(text: str, role: str, cue: str) -> None:
    found = detect_author_role(text)
    assert found.role == role
    assert found.cue.lower() == cue.lower()
    if cue:
        assert text[found.start:found.end] == found.cue
