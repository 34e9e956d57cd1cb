"""Per-school overrides from ``config.toml``: ``actions = { abusive = "escalate_police" }``.

A key is a label (it changes every rule that rests on that label) or a rule
id (it changes that rule only, and wins over a label key). Three limits
protect people whatever a config says:

- civil criticism is never escalated: rules that fire on criticism may only
  be set to ``none`` or ``monitor`` (freedom of expression);
- the legal rules (possible indecent images of children, s141F) cannot be
  overridden at all;
- the action must be one of ``schoolwatch.domain.ACTIONS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from classifiers.policy.rules import RULES, RULES_BY_ID, Rule
from schoolwatch.config import Config, School
from schoolwatch.domain import ACTIONS, LABELS
from schoolwatch.errors import ConfigError

# Severity an overridden action carries when the school changes the action.
ACTION_SEVERITY: Mapping[str, int] = {
    "none": 0, "monitor": 1, "request_removal": 2, "complaints_procedure": 3,
    "report_platform": 2, "escalate_dsl": 3, "escalate_police": 4,
}
CRITICISM_ACTIONS = ("none", "monitor")


class PolicyConfigError(ConfigError):
    """A school's ``actions`` setting in config.toml cannot be used."""


@dataclass(frozen=True)
class Override:
    """A school setting that changed a rule's action."""

    key: str       # the config key that applied (label or rule id)
    action: str


def problems(school: School) -> list[str]:
    """Readable problems with one school's ``actions`` (empty when all is well)."""
    found: list[str] = []
    where = f"[[school]] '{school.id}' actions"
    for key, action in school.actions.items():
        targets = _rules_for_key(key)
        if not targets:
            found.append(f"{where}: '{key}' is not a label or rule. Use a label ("
                         f"{', '.join(LABELS)}) or a rule id ({', '.join(RULES_BY_ID)}).")
            continue
        if action not in ACTIONS:
            found.append(f"{where}: {key} = \"{action}\" is not an action. Use one of: "
                         f"{', '.join(ACTIONS)}.")
            continue
        for rule in targets:
            if rule.locked:
                found.append(f"{where}: '{key}' cannot be changed: the rule '{rule.id}' follows "
                             "the law (it always goes to the police or the DSL).")
            elif rule.criticism_only and action not in CRITICISM_ACTIONS:
                found.append(f"{where}: {key} = \"{action}\" is not allowed: civil criticism is "
                             "legitimate comment and is never escalated on its own. Use "
                             "\"monitor\" or \"none\".")
    return sorted(set(found))


def check_config(config: Config) -> None:
    """Raise :class:`PolicyConfigError` listing every bad ``actions`` setting in the config."""
    found = [p for school in config.schools for p in problems(school)]
    if found:
        heading = f"{config.path}: the policy settings have {len(found)} problem" \
                  f"{'s' if len(found) > 1 else ''}:"
        raise PolicyConfigError("\n".join([heading, *(f"  - {p}" for p in found)]))


def check_school(school: School) -> None:
    """Raise :class:`PolicyConfigError` if this school's ``actions`` cannot be used."""
    found = problems(school)
    if found:
        raise PolicyConfigError("\n".join(found))


def override_for(rule: Rule, actions: Mapping[str, str]) -> Override | None:
    """The school's override for this rule: rule id first, then its label."""
    if rule.locked:
        return None
    for key in (rule.id, rule.label):
        if key and key in actions:
            return Override(key, actions[key])
    return None


def _rules_for_key(key: str) -> list[Rule]:
    if key in RULES_BY_ID:
        return [RULES_BY_ID[key]]
    return [rule for rule in RULES if rule.label == key]
