"""Per-school overrides from config.toml, and the limits no config can cross."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from policy_support import mention, school

from classifiers.policy import PolicyConfigError, check_config, check_school, explain, recommend
from classifiers.policy.engine import rule_table
from classifiers.policy.overrides import problems
from schoolwatch.config import load_config

OFFENSIVE = [mention("This school is run by absolute morons", ("abusive",))]


def test_label_override_changes_the_action_and_says_so() -> None:
    result = explain(school(actions={"abusive": "escalate_police"}), OFFENSIVE)
    rec = result.recommendation
    assert (rec.action, rec.severity) == ("escalate_police", 4)
    assert "school_override" in rec.flags
    assert "actions.abusive" in rec.reason
    assert result.winner.default_action == "report_platform"
    assert result.winner.override_key == "abusive"


def test_rule_id_override_wins_over_label() -> None:
    actions = {"abusive": "escalate_police", "offensive_unknown": "monitor"}
    rec = recommend(school(actions=actions), OFFENSIVE)
    assert (rec.action, rec.severity) == ("monitor", 1)
    # The label override still applies to the other rule on the same label.
    parent = recommend(school(actions=actions),
                       [mention("My son's teacher is a useless cow", ("abusive",))])
    assert parent.action == "escalate_police"


def test_override_to_the_default_is_not_reported_as_an_override() -> None:
    rec = recommend(school(actions={"abusive": "report_platform"}), OFFENSIVE)
    assert rec.action == "report_platform" and "school_override" not in rec.flags


def test_no_override_near_miss() -> None:
    rec = recommend(school(actions={"threat": "escalate_dsl"}), OFFENSIVE)
    assert rec.action == "report_platform" and "school_override" not in rec.flags


@pytest.mark.parametrize(("actions", "words"), [
    ({"criticism": "escalate_police"}, "never escalated"),
    ({"staff_author_criticism": "request_removal"}, "never escalated"),
    ({"iioc": "monitor"}, "follows the law"),
    ({"s141f": "none"}, "follows the law"),
    ({"abusive": "shout_loudly"}, "is not an action"),
    ({"rudeness": "monitor"}, "is not a label or rule"),
])
def test_bad_overrides_are_explained(actions: dict[str, str], words: str) -> None:
    found = problems(school(actions=actions))
    assert len(found) == 1 and words in found[0]
    assert "'st-stephens'" in found[0]
    with pytest.raises(PolicyConfigError):
        check_school(school(actions=actions))


def test_allowed_overrides_pass() -> None:
    check_school(school(actions={"criticism": "none", "names_staff": "request_removal",
                                 "abusive": "escalate_police"}))


def test_example_config_is_valid(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "config.example.toml"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the repo copy may be world-readable
        config = load_config(example, environ={})
    check_config(config)
    for s in config.schools:
        assert recommend(s, OFFENSIVE).policy == s.policy
        assert "default_policy" not in recommend(s, OFFENSIVE).flags


def test_rule_table_shows_the_effective_settings() -> None:
    rows = {row["rule_id"]: row for row in rule_table(school(
        "bratton-primary", actions={"abusive": "escalate_police"}))}
    assert rows["parent_names_staff"]["action"] == "monitor"
    assert rows["offensive_unknown"]["action"] == "escalate_police"
    assert rows["offensive_unknown"]["override_key"] == "abusive"
    assert rows["iioc"]["locked"] is True
