"""Retention rules on a real DuckDB file: each purges what is due, keeps what is not,
and never touches anything on hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from privacy_support import (
    KEY,
    T0,
    close_case,
    days,
    item,
    make_config,
    open_case,
    store,
    table_count,
)

from schoolwatch.config import Config
from warehouse import Warehouse, audit, cases, holds, mentions, seen
from warehouse.retention import apply_retention


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


@pytest.fixture
def wh(config: Config) -> Warehouse:
    return Warehouse(config.warehouse_path)


def run(wh: Warehouse, config: Config, now) -> dict[str, int]:
    with wh.write() as con:
        return apply_retention(con, config, now, key=KEY)


def exists(wh: Warehouse, mention_id: str) -> bool:
    with wh.read() as con:
        return mentions.get(con, mention_id) is not None


def test_unmatched_posts_become_hash_only_when_due(wh, config):
    with wh.write() as con:
        old = store(con, item("old", "nothing about any school", fetched_at=T0))
        new = store(con, item("new", "also nothing", fetched_at=T0 + days(6)))
        pending = item("pending", "not matched yet", fetched_at=T0)
        mentions.insert_raw(con, [pending])  # never looked at by the matcher
    counts = run(wh, config, T0 + days(7.5))  # default unmatched_days = 7
    assert counts["unmatched_reduced"] == 1
    assert not exists(wh, old)
    assert exists(wh, new)
    assert exists(wh, pending.mention_id)
    with wh.read() as con:
        row = con.execute("SELECT source, content_sha256, reason FROM seen_items"
                          " WHERE mention_id = ?", [old]).fetchone()
        assert row == ("reddit", item("old", "nothing about any school").content_sha256,
                       "unmatched")
        # Only the hash is left: no text, no author anywhere for it.
        assert table_count(con, "match_log", "mention_id = ?", [old]) == 0


def test_reduced_post_is_not_inserted_again_unless_edited(wh, config):
    original = item("p1", "nothing about any school", fetched_at=T0)
    with wh.write() as con:
        store(con, original)
    run(wh, config, T0 + days(30))
    with wh.write() as con:
        # The same post offered again (votes changed the raw record): still seen.
        again = item("p1", "nothing about any school", fetched_at=T0 + days(31),
                     raw={"score": 99})
        assert mentions.insert_raw(con, [again]) == []
        # Edited to name a school: it deserves a fresh look.
        edited = item("p1", "Beech Hill Primary is great", fetched_at=T0 + days(31))
        assert mentions.insert_raw(con, [edited]) == [edited.mention_id]


def test_dismissed_cases_purged_per_school_period(wh, config):
    with wh.write() as con:
        a = store(con, item("a", "Beech Hill Primary rant"), ["beech-hill"], ["abusive"])
        b = store(con, item("b", "Glory Farm rant"), ["glory-farm"], ["abusive"])
        case_a = open_case(con, "beech-hill", [a], "thread-a")
        case_b = open_case(con, "glory-farm", [b], "thread-b")
        cases.record_decision(con, case_a, "office", "dismiss", {"note": "not about us"})
        close_case(con, case_a, "dismissed", T0)
        close_case(con, case_b, "dismissed", T0)
    # beech-hill keeps dismissed cases 30 days (default), glory-farm 10.
    counts = run(wh, config, T0 + days(20))
    assert counts["dismissed_cases_purged"] == 1
    with wh.read() as con:
        assert cases.get(con, case_a) is not None and cases.get(con, case_b) is None
    assert exists(wh, a) and not exists(wh, b)
    counts = run(wh, config, T0 + days(31))
    assert counts["dismissed_cases_purged"] == 1 and counts["case_mentions_purged"] == 1
    with wh.read() as con:
        assert cases.get(con, case_a) is None
        assert table_count(con, "decisions", "case_id = ?", [case_a]) == 0
        assert table_count(con, "case_mentions") == 0
        # Purged posts stay out of the warehouse on the next fetch.
        assert seen.count(con) == 2


def test_closed_cases_purged_after_closed_case_days_open_ones_kept(wh, config):
    with wh.write() as con:
        r = store(con, item("r", "Glory Farm threat"), ["glory-farm"], ["threat"])
        o = store(con, item("o", "Glory Farm again"), ["glory-farm"], ["threat"])
        resolved = open_case(con, "glory-farm", [r], "t-resolved")
        still_open = open_case(con, "glory-farm", [o], "t-open")
        close_case(con, resolved, "resolved", T0)
    assert run(wh, config, T0 + days(99))["closed_cases_purged"] == 0
    counts = run(wh, config, T0 + days(101))
    assert counts["closed_cases_purged"] == 1
    with wh.read() as con:
        assert cases.get(con, resolved) is None
        assert cases.get(con, still_open) is not None
    assert not exists(wh, r) and exists(wh, o)
    # Open cases are never purged, however old.
    assert run(wh, config, T0 + days(5000))["closed_cases_purged"] == 0
    assert exists(wh, o)


def test_matched_posts_without_case_kept_for_longest_school_period(wh, config):
    with wh.write() as con:
        only_glory = store(con, item("g", "Glory Farm fete"), ["glory-farm"])
        both = store(con, item("both", "Glory Farm and Beech Hill Primary"),
                     ["glory-farm", "beech-hill"])
        cases.mark_triaged(con, [(only_glory, "glory-farm"), (both, "glory-farm"),
                                 (both, "beech-hill")])
    counts = run(wh, config, T0 + days(51))  # glory-farm keeps 50 days, beech-hill 365
    assert counts["matched_mentions_purged"] == 1
    assert not exists(wh, only_glory) and exists(wh, both)
    assert run(wh, config, T0 + days(366))["matched_mentions_purged"] == 1
    assert not exists(wh, both)


def test_legal_hold_and_evidence_holds_are_never_touched(wh, config):
    with wh.write() as con:
        flagged = store(con, item("f", "Glory Farm abuse"), ["glory-farm"], ["abusive"])
        held = store(con, item("h", "Glory Farm abuse 2"), ["glory-farm"], ["abusive"])
        loose = store(con, item("l", "unmatched but held"))
        case_flagged = open_case(con, "glory-farm", [flagged], "t-flag")
        case_held = open_case(con, "glory-farm", [held], "t-held")
        close_case(con, case_flagged, "dismissed", T0)
        close_case(con, case_held, "resolved", T0)
        # One case flagged by another room directly, one through an evidence hold.
        con.execute("UPDATE cases SET legal_hold = true WHERE case_id = ?", [case_flagged])
        holds.place(con, "case", case_held, "police reference 4321", "head")
        holds.place(con, "mention", loose, "complaint in progress", "office")
    with wh.read() as con:
        before = {c["case_id"]: c for c in cases.list_cases(con)}
        before_authors = con.execute("SELECT mention_id, author, raw_json FROM raw_mentions"
                                     " ORDER BY 1").fetchall()
    counts = run(wh, config, T0 + days(5000))
    assert counts["held_cases_kept"] == 2
    assert counts["dismissed_cases_purged"] == counts["closed_cases_purged"] == 0
    assert counts["unmatched_reduced"] == 0
    with wh.read() as con:
        after = {c["case_id"]: c for c in cases.list_cases(con)}
        assert after.keys() == before.keys()
        # Held posts are not even pseudonymised.
        assert con.execute("SELECT mention_id, author, raw_json FROM raw_mentions"
                           " ORDER BY 1").fetchall() == before_authors

    with wh.write() as con:
        assert holds.release(con, "case", case_held, "head", "case closed by police") == 1
        assert cases.get(con, case_held)["legal_hold"] is False
        entries = audit.entries(con, "case", case_held)
        assert [e["action"] for e in entries] == ["hold.release", "hold.place"]
    counts = run(wh, config, T0 + days(5000))
    assert counts["closed_cases_purged"] == 1
    assert not exists(wh, held) and exists(wh, flagged) and exists(wh, loose)


def test_hold_needs_reason_and_existing_object(wh, config):
    with wh.write() as con:
        m = store(con, item("x", "Glory Farm"), ["glory-farm"])
        with pytest.raises(holds.HoldError):
            holds.place(con, "case", "no-such-case", "reason", "head")
        with pytest.raises(holds.HoldError):
            holds.place(con, "mention", m, "   ", "head")
        assert holds.release(con, "mention", m, "head", "nothing held") == 0


def test_outbox_and_seen_items_expire(wh, config):
    with wh.write() as con:
        con.execute("INSERT INTO outbox (message_id, kind, recipient, subject, message,"
                    " status, created_at) VALUES ('m-old', 'digest', 'o@x.example', 's', 'b',"
                    " 'sent', ?), ('m-queued', 'digest', 'o@x.example', 's', 'b', 'queued', ?)",
                    [T0, T0])
        store(con, item("u", "unmatched", fetched_at=T0))
    first = run(wh, config, T0 + days(91))
    assert first["outbox_purged"] == 1 and first["unmatched_reduced"] == 1
    with wh.read() as con:
        assert [r[0] for r in con.execute("SELECT message_id FROM outbox").fetchall()] == \
            ["m-queued"]
    assert run(wh, config, T0 + days(91 + 399))["seen_items_purged"] == 0
    assert run(wh, config, T0 + days(91 + 401))["seen_items_purged"] == 1


def test_counts_are_audited_and_dry_run_changes_nothing(tmp_path, config, wh):
    from schoolwatch.privacy.maintenance import run_retention

    with wh.write() as con:
        m = store(con, item("d", "unmatched", fetched_at=T0))
    env = {"SCHOOLWATCH_SECRET_KEY": KEY.decode()}
    due = run_retention(config, now=T0 + days(30), dry_run=True, environ=env)
    assert due["unmatched_reduced"] == 1
    assert exists(wh, m)
    done = run_retention(config, now=T0 + days(30), environ=env)
    assert done == due
    assert not exists(wh, m)
    with wh.read() as con:
        logged = [e for e in audit.entries(con) if e["action"] == "retention.apply"]
    assert len(logged) == 1 and logged[0]["detail"] == done


def test_purged_case_is_not_rebuilt_from_a_post_another_case_keeps(wh, config):
    # One post names two schools: Glory Farm's case is dismissed and purged, Beech
    # Hill's stays open and keeps the post. Triage must not rebuild the purged case.
    with wh.write() as con:
        both = store(con, item("both", "Glory Farm and Beech Hill Primary rant"),
                     ["glory-farm", "beech-hill"], ["abusive"])
        purged = open_case(con, "glory-farm", [both], "thread-both")
        open_case(con, "beech-hill", [both], "thread-both")
        close_case(con, purged, "dismissed", T0)
    run(wh, config, T0 + days(20))
    with wh.read() as con:
        assert cases.get(con, purged) is None
        assert exists(wh, both)
        assert cases.untriaged(con) == [], "the purged case would come back as new"


def test_alert_rows_of_open_cases_outlive_outbox_retention(wh, config):
    with wh.write() as con:
        mid = store(con, item("t", "Beech Hill Primary threat"), ["beech-hill"], ["threat"])
        case_id = open_case(con, "beech-hill", [mid], "thread-t")
        con.execute(
            "INSERT INTO outbox (message_id, kind, recipient, subject, message, case_id, status,"
            " created_at, sent_at) VALUES (?, 'alert', 'dsl@x.example', 's', 'm', ?, 'sent', ?, ?)",
            [f"alert:{case_id}:dsl@x.example", case_id, T0, T0])
    run(wh, config, T0 + days(config.retention.outbox_days + 5))
    with wh.read() as con:
        keys = {r[0] for r in con.execute("SELECT message_id FROM outbox").fetchall()}
    assert f"alert:{case_id}:dsl@x.example" in keys, "the alert would be sent again"


def test_erasure_also_clears_the_dashboard_case_digest(wh, config):
    from warehouse import case_digests, purge

    with wh.write() as con:
        kept = store(con, item("k", "Beech Hill Primary is fine", author="calm_parent"),
                     ["beech-hill"], ["criticism"])
        gone = store(con, item("g", "Beech Hill head is useless says victimhandle",
                               author="victimhandle"), ["beech-hill"], ["abusive"])
        case_id = open_case(con, "beech-hill", [kept, gone], "thread-kg")
        case_digests.refresh(con)
        purge.delete_mentions(con, [gone], "erasure", T0)
        case_digests.refresh(con)
        digest = con.execute("SELECT first_snippet, search_text FROM case_digests"
                             " WHERE case_id = ?", [case_id]).fetchone()
    assert digest is not None
    assert "victimhandle" not in (digest[0] or "") and "victimhandle" not in digest[1]
