"""The policy profiles quote the schools' own policies, word for word, for every rule."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from policy_support import POLICIES

from classifiers.policy.profile import available_profiles, load_profile
from classifiers.policy.rules import RULES
from schoolwatch.domain import ACTIONS

REPO = Path(__file__).resolve().parent.parent
POLICY_DIR = Path(os.environ.get("SCHOOLWATCH_POLICIES_DIR",
                                 REPO.parent / "shared" / "policies"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_a_profile_for_each_of_the_five_policies_and_a_default() -> None:
    assert set(available_profiles()) == {*POLICIES, "default"}


@pytest.mark.parametrize("policy", (*POLICIES, "default"))
def test_every_rule_has_a_clause(policy: str) -> None:
    profile = load_profile(policy)
    assert profile.id == policy
    for rule in RULES:
        clause = profile.clause(rule.id)
        assert clause.section and clause.quote, (policy, rule.id)
        assert clause.policy_id == policy
        assert clause.quote in clause.cite() and profile.title in clause.cite()


@pytest.mark.parametrize("policy", (*POLICIES, "default"))
def test_profile_rule_settings_are_valid(policy: str) -> None:
    profile = load_profile(policy)
    known = {rule.id for rule in RULES}
    for rule_id, setting in profile.rules.items():
        assert rule_id in known
        assert setting.action is None or setting.action in ACTIONS
        assert setting.severity is None or 0 <= setting.severity <= 4


@pytest.mark.parametrize("policy", POLICIES)
def test_quotes_are_word_for_word_from_the_policy(policy: str) -> None:
    profile = load_profile(policy)
    source = POLICY_DIR / profile.source_file
    if not source.exists():
        pytest.skip(f"policy texts not available at {POLICY_DIR}")
    text = _norm(source.read_text(encoding="utf-8"))
    for key, clause in profile.clauses.items():
        for piece in clause.quote.split(" ... "):
            assert _norm(piece) in text, (policy, key, piece[:80])
        assert _norm(clause.section.split(" (")[0].split(": ")[0].lstrip("0123456789. ")) \
            .lower()[:12] in text.lower(), (policy, key, clause.section)


def test_unknown_policy_gets_the_default_profile() -> None:
    assert load_profile("not-a-policy").id == "default"


def test_docs_list_every_rule() -> None:
    doc = (REPO / "docs" / "policy.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| `{rule.id}` |" in doc, rule.id
        assert f"`{rule.action}`" in doc
