"""Drafted letters and reports: the right ones per action, filled from config, stored as edited."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from policy_support import config, raw_item, school, seed

from classifiers.policy.triage import store, triage
from dashboards.drafts import ACTION_DRAFTS, drafts_for, render_drafts
from schoolwatch.domain import ACTIONS
from warehouse import Warehouse, audit, cases, drafts, observations

NOW = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)


def _case(tmp_path: Path, text: str, labels: tuple[str, ...], policy: str = "st-stephens-an-daras",
          url: str | None = None) -> tuple[object, Warehouse, dict, list[dict]]:
    cfg = config(tmp_path, [school(policy)])
    wh = Warehouse(cfg.warehouse_path)
    with wh.write() as con:
        seed(con, [(raw_item("d1", text, thread="D", url=url), labels, ())])
        store(con, triage(cfg, cases.untriaged(con)))
        [row] = cases.list_cases(con)
        return cfg, wh, cases.get(con, row["case_id"]), cases.mentions_of(con, row["case_id"])


def test_every_action_has_a_draft_mapping() -> None:
    assert set(ACTION_DRAFTS) == set(ACTIONS)
    assert drafts_for("monitor") == () and drafts_for("none") == ()
    assert drafts_for("escalate_police", ["iioc"]) == ("police_referral", "dsl_referral")
    assert "removal_request" in drafts_for("escalate_dsl", ["s141F"])


def test_removal_request_to_a_parent(tmp_path: Path) -> None:
    cfg, _, case, mentions = _case(tmp_path, "My son's teacher is a useless lazy cow",
                                   ("abusive",))
    result = render_drafts(cfg, "st-stephens", case, mentions, now=NOW)
    assert list(result) == ["removal_request"]
    letter = result["removal_request"]
    assert letter.startswith("Subject: Your post about St Stephens Community Academy")
    assert "Dear Parent/Carer" in letter
    assert "useless lazy cow" in letter and mentions[0]["url"] in letter
    assert "https://ststephens.example/complaints-procedure" in letter
    assert "office@ststephens.example" in letter
    assert letter.rstrip().endswith("Kerensa Polglase, Headteacher\nSt Stephens Community Academy")
    # The school's own policy words, not a paraphrase.
    assert "ask the parent/carer to remove the post" in letter


def test_staff_author_gets_a_staff_letter(tmp_path: Path) -> None:
    cfg, _, case, mentions = _case(
        tmp_path, "As a teacher at St Stephens I can tell you the head is a lying bully",
        ("abusive",))
    letter = render_drafts(cfg, "st-stephens", case, mentions, now=NOW)["removal_request"]
    assert "Dear colleague" in letter and "Dear Parent" not in letter
    assert "Digital communications by staff must be professional" in letter


def test_complaints_referral_for_defamation(tmp_path: Path) -> None:
    cfg, _, case, mentions = _case(
        tmp_path, "The head at St Stephens has been stealing from the school fund",
        ("defamatory",))
    result = render_drafts(cfg, "st-stephens", case, mentions, now=NOW)
    assert list(result) == ["complaints_referral"]
    assert "complaints procedure" in result["complaints_referral"]
    assert "https://ststephens.example/complaints-procedure" in result["complaints_referral"]
    assert "For the headteacher" in result["complaints_referral"]


def test_platform_report_text(tmp_path: Path) -> None:
    cfg, _, case, mentions = _case(tmp_path, "This school is run by absolute morons",
                                   ("abusive",))
    report = render_drafts(cfg, "st-stephens", case, mentions, now=NOW)["platform_report"]
    assert report.startswith("Report to Reddit")
    assert mentions[0]["content_sha256"] in report
    assert "abusive" in report and "throwaway_parent_1" in report


def test_police_and_dsl_referrals_for_a_threat(tmp_path: Path) -> None:
    cfg, _, case, mentions = _case(tmp_path, "I'm going to smash the head's car in",
                                   ("threat",))
    result = render_drafts(cfg, "st-stephens", case, mentions, now=NOW)
    assert list(result) == ["police_referral", "dsl_referral"]
    assert result["police_referral"].startswith("Referral to the police")
    assert result["dsl_referral"].startswith("Referral to the Designated Safeguarding Lead")
    for text in result.values():
        assert case["case_id"] in text and "05 March 2024" in text
        assert "smash the head's car" in text
        assert f"schoolwatch evidence {case['case_id']}" in text
        flags_line = next(line for line in text.splitlines() if line.startswith("Flags: "))
        assert "_" not in flags_line and "Police matter" in flags_line  # words, not codes


def test_every_flag_a_rule_can_set_has_a_name_in_words() -> None:
    from classifiers.policy.rules import RULES
    from schoolwatch.domain import FLAG_NAMES

    flags = {flag for rule in RULES for flag in rule.flags}
    assert flags and flags <= set(FLAG_NAMES)


def test_iioc_referral_never_quotes_the_post(tmp_path: Path) -> None:
    cfg, _, case, mentions = _case(
        tmp_path, "anyone got the nudes of that year 9 girl? dm me for the link", ("abusive",),
        url="https://i.imgur.com/abc.jpg")
    result = render_drafts(cfg, "st-stephens", case, mentions, now=NOW)
    assert set(result) == {"police_referral", "dsl_referral"}
    for text in result.values():
        assert "POSSIBLE INDECENT IMAGES OF CHILDREN" in text
        assert "https://i.imgur.com/abc.jpg" in text
        assert "nudes" not in text


def test_monitor_cases_have_no_drafts(tmp_path: Path) -> None:
    cfg, _, case, mentions = _case(tmp_path, "The pick-up system is chaotic", ("criticism",))
    assert render_drafts(cfg, "st-stephens", case, mentions) == {}


def test_edited_drafts_are_versioned_approved_and_sent_by_hand(tmp_path: Path) -> None:
    cfg, wh, case, mentions = _case(tmp_path, "My son's teacher is a useless lazy cow",
                                    ("abusive",))
    text = render_drafts(cfg, "st-stephens", case, mentions, now=NOW)["removal_request"]
    case_id = case["case_id"]
    with wh.write() as con:
        first = drafts.save(con, case_id, "removal_request", text, "office@school.example")
        second = drafts.save(con, case_id, "removal_request", text + "\nPS edited",
                             "head@school.example")
        assert (first["version"], second["version"]) == (1, 2)
        with pytest.raises(ValueError, match="approve"):
            drafts.mark_sent_by_hand(con, second["draft_id"], "head@school.example")
        drafts.approve(con, second["draft_id"], "head@school.example")
        sent = drafts.mark_sent_by_hand(con, second["draft_id"], "head@school.example",
                                        "emailed from the head's mailbox")
        assert sent["status"] == "sent_by_hand" and sent["approved_by"] == "head@school.example"
        assert drafts.latest(con, case_id)["removal_request"]["body"].endswith("PS edited")
        assert len(drafts.history(con, case_id)) == 2
        # Recording the letter as sent is the removal request the deletion watch measures from.
        assert observations.removal_requested_at(con, case_id) == sent["sent_at"]
        actions = [e["action"] for e in reversed(audit.entries(con, "case", case_id))]
        assert actions[-4:] == ["draft_saved", "draft_saved", "draft_approved",
                                "draft_sent_by_hand"]
        with pytest.raises(ValueError, match="unknown draft kind"):
            drafts.save(con, case_id, "email_the_parent_now", "x", "x")
