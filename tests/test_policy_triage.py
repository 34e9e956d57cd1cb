"""The triage stage over a real DuckDB file: grouping, no-case mentions, reruns, evidence."""

from __future__ import annotations

from pathlib import Path

from policy_support import config, mention, raw_item, school, seed

from classifiers.policy.triage import store, triage
from schoolwatch.domain import Span
from warehouse import Warehouse, audit, cases, evidence


def test_groups_by_school_and_thread(tmp_path: Path) -> None:
    other = school("bratton-primary", school_id="bratton")
    cfg = config(tmp_path, [school(), other])
    mentions = [
        mention("criticism one", ("criticism",), mention_id="a", thread_key="t1"),
        mention("I will hurt the head", ("threat",), mention_id="b", thread_key="t1"),
        mention("nice fete", (), mention_id="c", thread_key="t2"),
        mention("criticism", ("criticism",), mention_id="a", thread_key="t1",
                school_id="bratton"),
        mention("orphan", ("abusive",), mention_id="d", thread_key="t3", school_id="gone"),
    ]
    decisions = {(d.school_id, d.thread_key): d for d in triage(cfg, mentions)}
    assert set(decisions) == {("st-stephens", "t1"), ("st-stephens", "t2"), ("bratton", "t1"),
                              ("gone", "t3")}
    t1 = decisions[("st-stephens", "t1")]
    assert t1.needs_case and t1.mention_ids == ("a", "b")
    assert t1.recommendation.action == "escalate_police"
    assert t1.labels == ("criticism", "threat")
    assert not t1.safeguarding
    assert not decisions[("st-stephens", "t2")].needs_case
    assert decisions[("bratton", "t1")].recommendation.action == "monitor"
    orphan = decisions[("gone", "t3")]
    assert not orphan.needs_case and orphan.triaged_pairs == [("d", "gone")]


def test_safeguarding_cases_are_marked(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    [decision] = triage(cfg, [mention("Well done Amelia Rowe in Year 4", ("identifies_pupil",))])
    assert decision.safeguarding and decision.recommendation.action == "escalate_dsl"


def test_store_creates_cases_snapshots_and_custody_and_reruns_cleanly(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    wh = Warehouse(cfg.warehouse_path)
    with wh.write() as con:
        seed(con, [
            (raw_item("c1", "The head never listens", thread="T1"), ("criticism",), ()),
            (raw_item("c2", "My son's teacher Mrs Penrose is a useless cow", thread="T1",
                      minutes=3), ("abusive", "names_staff"),
             (Span("staff_name", 22, 34, "Mrs Penrose"),)),
            (raw_item("c3", "Lovely harvest festival", thread="T2"), (), ()),
        ])
    with wh.read() as con:
        pending = cases.untriaged(con)
    assert len(pending) == 3
    decisions = triage(cfg, pending)
    with wh.write() as con:
        counts = store(con, decisions)
    assert counts == {"cases_created": 1, "cases_updated": 0, "mentions_in_cases": 2,
                      "mentions_no_case": 1}
    with wh.read() as con:
        assert cases.untriaged(con) == []
        [case] = cases.list_cases(con)
        assert case["action"] == "request_removal" and case["thread_key"] == "T1"
        assert case["clause"].startswith("Social Media Policy")
        snaps = evidence.snapshots(con, case["case_id"])
        assert len(snaps) == 2 and all(len(s["record_sha256"]) == 64 for s in snaps)
        checks = evidence.verify(con, case["case_id"])
        assert all(c["record_ok"] and c["content_ok"] for c in checks.values())
        [explained] = evidence.explanations(con, case["case_id"])
        assert explained["explanation"]["winner"]["rule_id"] == "offensive_parent"
        log = audit.entries(con, "case", case["case_id"])
        assert [e["action"] for e in log] == ["case_opened"]
        assert sorted(log[0]["detail"]["mention_ids"]) == sorted(
            m["mention_id"] for m in cases.mentions_of(con, case["case_id"]))

    # A rerun finds nothing new; a new threatening reply raises the same case.
    with wh.write() as con:
        assert store(con, triage(cfg, cases.untriaged(con)))["cases_created"] == 0
        seed(con, [(raw_item("c4", "I'll be waiting for her at the gate", thread="T1",
                             minutes=9), ("threat",), ())])
    with wh.write() as con:
        counts = store(con, triage(cfg, cases.untriaged(con)))
    assert counts["cases_updated"] == 1 and counts["cases_created"] == 0
    with wh.read() as con:
        [case] = cases.list_cases(con)
        assert case["action"] == "escalate_police" and case["severity"] == 4
        assert len(evidence.snapshots(con, case["case_id"])) == 3
        assert evidence.deciding_explanation(con, case["case_id"])["severity"] == 4
        assert [e["action"] for e in audit.entries(con, "case", case["case_id"])] == [
            "evidence_added", "case_opened"]


def test_tampering_with_a_stored_record_is_detected(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    wh = Warehouse(cfg.warehouse_path)
    with wh.write() as con:
        seed(con, [(raw_item("z1", "I will smash the head's car"), ("threat",), ())])
        store(con, triage(cfg, cases.untriaged(con)))
        [case] = cases.list_cases(con)
        # Nothing in schoolwatch updates raw_mentions; simulate someone editing the file.
        con.execute("UPDATE raw_mentions SET body = 'harmless' WHERE external_id = 'z1'")
        [check] = evidence.verify(con, case["case_id"]).values()
    assert check["record_ok"] is False and check["content_ok"] is False
