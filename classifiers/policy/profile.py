"""Policy profiles: the clauses of each school's own policy, and its departures from the baseline.

A profile is a TOML file in ``classifiers/policy/profiles/`` named after the
policy id a school gives in ``config.toml`` (``policy = "bratton-primary"``).
It quotes, word for word, the clause of that policy each rule rests on, and
may change a rule's default action or severity where the policy says so.
An unknown policy id falls back to ``default.toml`` (UK guidance, not a
school's words), and the recommendation says so.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

DEFAULT_PROFILE = "default"


@dataclass(frozen=True)
class Clause:
    """One passage of a policy that a recommendation rests on."""

    policy_id: str
    title: str
    section: str
    quote: str
    note: str = ""

    def cite(self) -> str:
        """One line for the dashboard and the case row: title, section and the quoted words."""
        return f'{self.title}, "{self.section}": "{self.quote}"'

    def to_dict(self) -> dict[str, str]:
        return {"policy_id": self.policy_id, "title": self.title, "section": self.section,
                "quote": self.quote, "note": self.note}


@dataclass(frozen=True)
class RuleSetting:
    """A profile's departure from a rule's baseline (any field may be left unset)."""

    action: str | None = None
    severity: int | None = None
    advice: str | None = None


@dataclass(frozen=True)
class PolicyProfile:
    """Everything the engine needs to know about one policy document."""

    id: str
    organisation: str
    title: str
    source_file: str
    clauses: Mapping[str, Clause]
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)

    def clause(self, key: str) -> Clause:
        """The clause for a rule; every shipped profile has one per rule (tested)."""
        return self.clauses[key]


def available_profiles() -> tuple[str, ...]:
    """Ids of the shipped profiles, sorted."""
    folder = resources.files(__package__) / "profiles"
    return tuple(sorted(entry.name.removesuffix(".toml") for entry in folder.iterdir()
                        if entry.name.endswith(".toml")))


@cache
def load_profile(policy_id: str) -> PolicyProfile:
    """The profile for a policy id, or the default profile when there is none by that name."""
    name = policy_id if policy_id in available_profiles() else DEFAULT_PROFILE
    text = (resources.files(__package__) / "profiles" / f"{name}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return _build(data)


def _build(data: Mapping[str, object]) -> PolicyProfile:
    profile_id = str(data["id"])
    title = str(data["title"])
    raw_clauses = data.get("clauses", {})
    assert isinstance(raw_clauses, dict)
    clauses: dict[str, Clause] = {}

    def resolve(key: str, depth: int = 0) -> Clause:
        if key in clauses:
            return clauses[key]
        entry = raw_clauses[key]
        if depth > 5:
            raise ValueError(f"profile {profile_id}: clause {key} refers round in a circle")
        if "same_as" in entry:
            base = resolve(entry["same_as"], depth + 1)
            clause = Clause(profile_id, title, base.section, base.quote,
                            entry.get("note", base.note))
        else:
            clause = Clause(profile_id, title, entry["section"], entry["quote"],
                            entry.get("note", ""))
        clauses[key] = clause
        return clause

    for key in raw_clauses:
        resolve(key)
    raw_rules = data.get("rules", {})
    assert isinstance(raw_rules, dict)
    rules = {key: RuleSetting(action=value.get("action"), severity=value.get("severity"),
                              advice=value.get("advice"))
             for key, value in raw_rules.items()}
    return PolicyProfile(id=profile_id, organisation=str(data["organisation"]), title=title,
                         source_file=str(data.get("source_file", "")), clauses=clauses,
                         rules=rules)
