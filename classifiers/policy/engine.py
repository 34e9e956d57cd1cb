"""From labels to what the school's own policy says to do, with the reasons kept.

``explain(school, mentions)`` runs every rule over every mention of a case
(one thread about one school), keeps each hit with the clause it rests on,
and picks the most serious: highest severity, then the graver action, then
the earlier rule, then the earlier mention. ``recommend`` returns just the
:class:`~schoolwatch.domain.Recommendation`. The same inputs always give the
same answer: mentions are put in a fixed order first and nothing depends on
time, randomness or dict order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from classifiers.policy.facts import MentionFacts, facts_for
from classifiers.policy.overrides import ACTION_SEVERITY, CRITICISM_ACTIONS, override_for
from classifiers.policy.profile import Clause, PolicyProfile, load_profile
from classifiers.policy.rules import RULES, Rule
from schoolwatch.config import School
from schoolwatch.domain import ACTION_DESCRIPTIONS, ACTIONS, Recommendation

ENGINE_VERSION = "policy-1"
_MAX_REASON = 300


@dataclass(frozen=True)
class RuleHit:
    """One rule that fired on one mention, with what it recommends and why."""

    rule_id: str
    title: str
    mention_id: str
    action: str
    severity: int
    default_action: str
    default_severity: int
    override_key: str | None
    clause: Clause
    flags: tuple[str, ...]
    evidence: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id, "title": self.title, "mention_id": self.mention_id,
            "action": self.action, "severity": self.severity,
            "default_action": self.default_action, "default_severity": self.default_severity,
            "override_key": self.override_key, "clause": self.clause.to_dict(),
            "flags": list(self.flags), "evidence": list(self.evidence), "reason": self.reason,
        }


@dataclass(frozen=True)
class Explanation:
    """Why a case got its recommendation: the inputs, every rule that fired, and the winner."""

    recommendation: Recommendation
    school_id: str
    policy_id: str
    profile_id: str
    winner: RuleHit | None
    hits: tuple[RuleHit, ...]
    mentions: tuple[MentionFacts, ...]
    overrides: Mapping[str, str]
    engine_version: str = ENGINE_VERSION

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, stored with the case and shown on the dashboard."""
        r = self.recommendation
        return {
            "engine_version": self.engine_version,
            "school_id": self.school_id,
            "policy_id": self.policy_id,
            "profile_id": self.profile_id,
            "recommendation": {"action": r.action, "severity": r.severity, "reason": r.reason,
                               "clause": r.clause, "policy": r.policy, "flags": list(r.flags)},
            "winner": self.winner.to_dict() if self.winner else None,
            "hits": [hit.to_dict() for hit in self.hits],
            "inputs": [facts.to_dict() for facts in self.mentions],
            "overrides": dict(sorted(self.overrides.items())),
        }


def recommend(school: School, mentions: Sequence[Mapping[str, Any]]) -> Recommendation:
    """The recommended action for a case (the mentions of one thread about one school)."""
    return explain(school, mentions).recommendation


def explain(school: School, mentions: Sequence[Mapping[str, Any]]) -> Explanation:
    """The recommendation with every rule that fired and the inputs it saw."""
    profile = load_profile(school.policy)
    ordered = sorted(mentions, key=_mention_order)
    all_facts = tuple(facts_for(m) for m in ordered)
    hits = tuple(hit for facts in all_facts for hit in _hits(facts, profile, school))
    winner = _winner(hits)
    recommendation = _recommendation(winner, hits, all_facts, profile, school)
    return Explanation(recommendation=recommendation, school_id=school.id,
                       policy_id=school.policy, profile_id=profile.id, winner=winner, hits=hits,
                       mentions=all_facts, overrides=dict(school.actions))


def _mention_order(mention: Mapping[str, Any]) -> tuple[str, str]:
    posted = mention.get("posted_at")
    return (posted.isoformat() if hasattr(posted, "isoformat") else str(posted or "~"),
            str(mention.get("mention_id", "")))


def _hits(facts: MentionFacts, profile: PolicyProfile, school: School) -> list[RuleHit]:
    hits: list[RuleHit] = []
    for rule in RULES:
        if not rule.when(facts):
            continue
        setting = profile.rules.get(rule.id)
        action = (setting.action if setting and setting.action else rule.action)
        severity = (setting.severity if setting and setting.severity is not None
                    else rule.severity)
        advice = (setting.advice if setting and setting.advice else rule.advice)
        default_action, default_severity = action, severity
        override = override_for(rule, school.actions)
        if override and override.action in ACTIONS and override.action != action:
            if rule.criticism_only and override.action not in CRITICISM_ACTIONS:
                override = None  # never escalate criticism, whatever the config says
            else:
                action = override.action
                severity = ACTION_SEVERITY[action]
                advice = (f"{ACTION_DESCRIPTIONS[action].lower()} "
                          f"(this school's setting actions.{override.key})")
        elif override and override.action == action:
            override = None
        hits.append(RuleHit(
            rule_id=rule.id, title=rule.title, mention_id=facts.mention_id, action=action,
            severity=severity, default_action=default_action, default_severity=default_severity,
            override_key=override.key if override else None, clause=profile.clause(rule.id),
            flags=rule.flags, evidence=rule.evidence(facts), reason=f"{rule.finding}: {advice}",
        ))
    return hits


def _rank(hit: RuleHit, index: int) -> tuple[int, int, int]:
    return (hit.severity, ACTIONS.index(hit.action), -index)


def _winner(hits: Sequence[RuleHit]) -> RuleHit | None:
    if not hits:
        return None
    # Ties: the earlier hit wins (rules are ordered gravest first, mentions by time).
    best = max(range(len(hits)), key=lambda i: _rank(hits[i], i))
    return hits[best]


def _recommendation(winner: RuleHit | None, hits: Sequence[RuleHit],
                    all_facts: Sequence[MentionFacts], profile: PolicyProfile,
                    school: School) -> Recommendation:
    if winner is None:
        return Recommendation(action="none", severity=0,
                              reason="Nothing harmful or critical found: no action needed.",
                              clause="", policy=school.policy, flags=())
    flags = _flags(hits, profile, school)
    reason = winner.reason
    total = len(all_facts)
    if total > 1:
        count = len({hit.mention_id for hit in hits if hit.rule_id == winner.rule_id})
        reason += f" ({count} of {total} posts in this thread)"
    # Name the other serious findings; mild ones (staff named, criticism) add noise.
    others = [RULES_TITLE[rule_id] for rule_id in _distinct_rules(hits)
              if rule_id != winner.rule_id
              and max(h.severity for h in hits if h.rule_id == rule_id) >= 2]
    if others:
        reason += f". Also: {', '.join(others)}"
    if profile.id != school.policy:
        reason += f". No policy profile called '{school.policy}': using schoolwatch defaults"
    reason = " ".join(reason.split())  # one line, whatever the inputs held
    if len(reason) > _MAX_REASON:
        reason = reason[: _MAX_REASON - 1].rstrip() + "…"
    return Recommendation(action=winner.action, severity=winner.severity, reason=reason,
                          clause=winner.clause.cite(), policy=school.policy, flags=flags)


def _distinct_rules(hits: Sequence[RuleHit]) -> list[str]:
    seen: dict[str, None] = {}
    for rule in RULES:
        if any(hit.rule_id == rule.id for hit in hits):
            seen[rule.id] = None
    return list(seen)


def _flags(hits: Sequence[RuleHit], profile: PolicyProfile, school: School) -> tuple[str, ...]:
    flags: dict[str, None] = {}
    for rule_id in _distinct_rules(hits):
        for flag in next(h.flags for h in hits if h.rule_id == rule_id):
            flags[flag] = None
    if any(hit.override_key for hit in hits):
        flags["school_override"] = None
    if profile.id != school.policy:
        flags["default_policy"] = None
    return tuple(flags)


RULES_TITLE: dict[str, str] = {rule.id: rule.title for rule in RULES}


def rule_table(school: School) -> list[dict[str, Any]]:
    """The effective rule table for a school (profile and overrides applied), for display."""
    profile = load_profile(school.policy)
    rows: list[dict[str, Any]] = []
    for rule in RULES:
        rows.append(_rule_row(rule, profile, school))
    return rows


def _rule_row(rule: Rule, profile: PolicyProfile, school: School) -> dict[str, Any]:
    setting = profile.rules.get(rule.id)
    action = setting.action if setting and setting.action else rule.action
    severity = setting.severity if setting and setting.severity is not None else rule.severity
    override = override_for(rule, school.actions)
    if override and override.action in ACTIONS and not (
            rule.criticism_only and override.action not in CRITICISM_ACTIONS):
        action, severity = override.action, ACTION_SEVERITY[override.action]
    return {"rule_id": rule.id, "title": rule.title, "finding": rule.finding,
            "action": action, "severity": severity, "label": rule.label,
            "locked": rule.locked, "override_key": override.key if override else None,
            "clause": profile.clause(rule.id).to_dict()}
