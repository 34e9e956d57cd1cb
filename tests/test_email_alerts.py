"""Urgent alerts: at once, to the right people, once per case, within the hourly cap."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import timedelta

import pytest

from dashboards.notify import run_notify
from schoolwatch.config import AlertSettings
from schoolwatch.domain import Recommendation
from tests.email_support import free_port, later, make_config, parts, seed_case, smtp_server
from warehouse import Warehouse, cases, outbox, review


@pytest.fixture
def env(tmp_path):
    port = free_port()
    config = make_config(tmp_path, port)
    return config, Warehouse(config.warehouse_path), port


def alerts_to(sink, address):
    return [m for m in sink.to(address) if m["Subject"].startswith("URGENT")]


def test_threat_alerts_dsl_and_head_once_per_case(env):
    config, wh, port = env
    case_id = seed_case(wh, "beech-hill", "Someone should burn Beech Hill down with the head in it",
                        labels=["threat"], action="escalate_police", severity=4)
    seed_case(wh, "beech-hill", "The uniform shop is overpriced", labels=["criticism"])
    now = later()
    with smtp_server(port) as sink:
        first = run_notify(config, wh, send=True, now=now, include_digests=False)
        # New evidence on the same case must not alert again.
        seed_case(wh, "beech-hill", "unrelated post", labels=["criticism"])
        second = run_notify(config, wh, send=True, now=now + timedelta(hours=1),
                            include_digests=False)
    assert first["alerts"] == 2 and second["alerts"] == 0
    for address in ("dsl@beechhill.example", "head@beechhill.example"):
        (alert,) = alerts_to(sink, address)
        assert alert["Subject"] == "URGENT Beech Hill: Contact the police (threat)"
        assert alert["Importance"] == "high"
        text, html = parts(alert)
        assert "burn Beech Hill down" in text
        assert f"https://watch.trust.example/cases/{case_id}" in html
    assert not sink.to("head@riverside.example")  # other schools are not bothered
    with wh.read() as con:
        keys = {r["message_id"] for r in outbox.list_messages(con)}
    assert keys == {f"alert:{case_id}:dsl@beechhill.example",
                    f"alert:{case_id}:head@beechhill.example"}


def test_safeguarding_alert_is_redacted_for_the_head(env):
    config, wh, port = env
    secret = "My neighbour's boy at Beech Hill has bruises every week"
    seed_case(wh, "beech-hill", secret, labels=["safeguarding"], action="escalate_dsl",
              severity=4, safeguarding=True)
    with smtp_server(port) as sink:
        run_notify(config, wh, send=True, now=later(), include_digests=False)
    (dsl,) = alerts_to(sink, "dsl@beechhill.example")
    (head,) = alerts_to(sink, "head@beechhill.example")
    assert secret in parts(dsl)[0] and secret in html.unescape(parts(dsl)[1])
    assert secret not in parts(head)[0] and secret not in html.unescape(parts(head)[1])
    assert "safeguarding concern" in head["Subject"]
    assert "Designated Safeguarding Lead has the details" in parts(head)[0]


def test_dismissed_and_old_cases_do_not_alert(env):
    config, wh, port = env
    dismissed = seed_case(wh, "bratton", "Hate post about Bratton families", labels=["hate"],
                          action="escalate_police", severity=4)
    with wh.write() as con:
        review.apply_decision(con, dismissed, "office.kim", "dismiss", {})
    seed_case(wh, "bratton", "Another hateful post about Bratton", labels=["hate"],
              action="escalate_police", severity=4)
    with smtp_server(port) as sink:
        # Ten days on, the open case is outside the alert look-back: the digest covers it.
        stale = run_notify(config, wh, send=True, now=later(60 * 24 * 10), include_digests=False)
        fresh = run_notify(config, wh, send=True, now=later(), include_digests=False)
    assert stale["alerts"] == 0
    assert fresh["alerts"] == 2  # only the open case, to the DSL and the head
    assert all("Another hateful post" in parts(m)[0] for m in sink.messages)


def test_a_borderline_threat_waits_for_the_digest_instead_of_alerting(env):
    config, wh, port = env
    seed_case(wh, "beech-hill", "Mr Pennywell had better watch himself",
              labels=["threat"], action="report_platform", severity=3)
    with smtp_server(port) as sink:
        result = run_notify(config, wh, send=True, now=later())
    assert result["alerts"] == 0
    assert not alerts_to(sink, "dsl@beechhill.example")
    digests = [m for m in sink.to("head@beechhill.example")
               if not m["Subject"].startswith("URGENT")]
    assert digests and "had better watch himself" in parts(digests[0])[0]


def test_a_borderline_threat_on_a_case_already_reviewed_stays_in_every_digest(env):
    config, wh, port = env
    case_id = seed_case(wh, "beech-hill", "Someone should have a word with Mr Pennywell after dark",
                        labels=["threat"], action="report_platform", severity=3)
    with wh.write() as con:  # confirmed yesterday: no longer "new", so not in the new list
        review.apply_decision(con, case_id, "office.kim", "confirm", {})
    with smtp_server(port) as sink:
        result = run_notify(config, wh, send=True, now=later(60 * 24))
    assert result["alerts"] == 0
    digest = next(m for m in sink.to("head@beechhill.example")
                  if not m["Subject"].startswith("URGENT"))
    assert "after dark" in parts(digest)[0]


def escalate(wh, case_id, recommendation, labels):
    """New evidence on a Beech Hill case's thread, as triage would record it."""
    with wh.write() as con:
        thread = con.execute("SELECT thread_key FROM cases WHERE case_id = ?",
                             [case_id]).fetchone()[0]
        cases.upsert(con, "beech-hill", thread, recommendation, labels, [], safeguarding=True)


def test_a_dsl_referral_at_equal_severity_takes_over_the_case_as_a_dsl_notice(env):
    config, wh, port = env
    case_id = seed_case(wh, "beech-hill", "Mr Pennywell is a joke", labels=["abusive"],
                        action="report_platform", severity=3)
    escalate(wh, case_id, Recommendation(action="escalate_dsl", severity=3, reason="pupil named"),
             ["identifies_pupil"])
    with wh.read() as con:
        assert cases.get(con, case_id)["action"] == "escalate_dsl"
    with smtp_server(port) as sink:
        result = run_notify(config, wh, send=True, now=later(), include_digests=False)
    assert result["alerts"] == 1
    (notice,) = sink.to("dsl@beechhill.example")
    assert notice["Subject"] == ("For the DSL, Beech Hill: please read and judge "
                                 "(abusive language, identifies a pupil)")
    assert not sink.to("head@beechhill.example")


def notices_to(sink, address):
    return [m for m in sink.to(address) if m["Subject"].startswith("For the DSL")]


def test_a_possible_safeguarding_concern_goes_to_the_dsl_alone_not_urgent(env):
    config, wh, port = env
    text = "Kids from Beech Hill hanging round the car park after dark again"
    case_id = seed_case(wh, "beech-hill", text, labels=["safeguarding"], action="escalate_dsl",
                        severity=3, safeguarding=True)
    with smtp_server(port) as sink:
        first = run_notify(config, wh, send=True, now=later(), include_digests=False)
        again = run_notify(config, wh, send=True, now=later(60), include_digests=False)
    assert first["alerts"] == 1 and again["alerts"] == 0
    (notice,) = notices_to(sink, "dsl@beechhill.example")
    assert notice["Importance"] is None and notice["X-Priority"] is None
    body, page = parts(notice)
    assert text in body and "not marked urgent" in body and "not marked urgent" in page
    assert "URGENT" not in body and "urgent alert" not in page
    assert not sink.to("head@beechhill.example")
    with wh.read() as con:
        keys = {r["message_id"] for r in outbox.list_messages(con)}
    assert keys == {f"notice:{case_id}:dsl@beechhill.example"}


def test_a_case_that_turns_urgent_after_a_notice_still_alerts_both(env):
    config, wh, port = env
    case_id = seed_case(wh, "beech-hill", "Kids from Beech Hill hanging round the car park",
                        labels=["safeguarding"], action="escalate_dsl", severity=3,
                        safeguarding=True)
    with smtp_server(port) as sink:
        run_notify(config, wh, send=True, now=later(), include_digests=False)
        escalate(wh, case_id, Recommendation(action="escalate_dsl", severity=4, reason="clear"),
                 ["safeguarding"])
        result = run_notify(config, wh, send=True, now=later(30), include_digests=False)
        repeat = run_notify(config, wh, send=True, now=later(90), include_digests=False)
    assert result["alerts"] == 2 and repeat["alerts"] == 0
    assert len(notices_to(sink, "dsl@beechhill.example")) == 1
    assert len(alerts_to(sink, "dsl@beechhill.example")) == 1
    (head,) = alerts_to(sink, "head@beechhill.example")
    assert "safeguarding concern" in head["Subject"]  # redacted for the head


def test_an_urgent_case_sends_no_notice_as_well(env):
    config, wh, port = env
    seed_case(wh, "beech-hill", "My neighbour's boy at Beech Hill has bruises every week",
              labels=["safeguarding", "identifies_pupil"], action="escalate_dsl", severity=4,
              safeguarding=True)
    with smtp_server(port) as sink:
        result = run_notify(config, wh, send=True, now=later(), include_digests=False)
    assert result["alerts"] == 2
    assert not notices_to(sink, "dsl@beechhill.example")
    assert len(alerts_to(sink, "dsl@beechhill.example")) == 1


def test_without_a_dsl_the_head_gets_the_notice_redacted(env):
    config, wh, port = env
    school = config.school("beech-hill")
    no_dsl = replace(school, contacts=replace(school.contacts, dsl=""))
    config = replace(config, schools=tuple(no_dsl if s.id == "beech-hill" else s
                                           for s in config.schools))
    secret = "Kids from Beech Hill hanging round the car park after dark again"
    seed_case(wh, "beech-hill", secret, labels=["safeguarding"], action="escalate_dsl",
              severity=3, safeguarding=True)
    with smtp_server(port) as sink:
        result = run_notify(config, wh, send=True, now=later(), include_digests=False)
    assert result["alerts"] == 1
    (notice,) = notices_to(sink, "head@beechhill.example")
    assert secret not in parts(notice)[0] and secret not in html.unescape(parts(notice)[1])


def test_hourly_cap_holds_alerts_back_and_never_drops_them(env):
    config, wh, port = env
    config = replace(config, alerts=AlertSettings(max_per_hour=2))
    for n in range(3):
        seed_case(wh, "beech-hill", f"Threat number {n} against Beech Hill staff",
                  labels=["threat"], action="escalate_police", severity=4)
    now = later()
    with smtp_server(port) as sink:
        first = run_notify(config, wh, send=True, now=now)
        assert first["alerts"] == 6 and first["held"] == 2
        assert len(alerts_to(sink, "dsl@beechhill.example")) == 2
        assert len(alerts_to(sink, "head@beechhill.example")) == 2
        # The digest is not an alert: it still goes, and lists all three cases.
        (digest,) = [m for m in sink.to("head@beechhill.example")
                     if not m["Subject"].startswith("URGENT")]
        assert digest["Subject"].startswith("Beech Hill: 3 urgent")
        with wh.read() as con:
            held = outbox.list_messages(con, statuses=["queued"])
        assert len(held) == 2 and all("max_per_hour" in r["note"] for r in held)

        within_hour = run_notify(config, wh, send=True, now=now + timedelta(minutes=20))
        assert within_hour["sent"] == 0 and within_hour["held"] == 2

        next_hour = run_notify(config, wh, send=True, now=now + timedelta(minutes=61))
        assert next_hour["sent"] == 2 and next_hour["held"] == 0 and next_hour["pending"] == 0
    assert len(alerts_to(sink, "dsl@beechhill.example")) == 3
    assert len(alerts_to(sink, "head@beechhill.example")) == 3
    with wh.read() as con:
        assert outbox.status_counts(con) == {"sent": 9}  # 6 alerts + 3 digests


def test_an_alert_quotes_the_post_that_made_the_case_serious(tmp_path) -> None:
    """Not the reply with the most labels: a police alert must quote the threat."""
    from datetime import UTC, datetime, timedelta

    from schoolwatch.domain import Classification, RawItem, Recommendation, SchoolMatch
    from warehouse import Warehouse, cases, classifications, matches, mentions
    from warehouse.digest_queries import representative_mentions

    wh = Warehouse(tmp_path / "w.duckdb")
    now = datetime.now(UTC)

    def post(key: str, text: str, hours_ago: int) -> RawItem:
        return RawItem(source="feed", source_key="feed:test", external_id=key,
                       kind="feed_comment", url=f"https://news.example/a#{key}", text=text,
                       author="someone", posted_at=now - timedelta(hours=hours_ago),
                       thread_key="thread-a")

    threat = post("c1", "I will be waiting for Mr Hollis after school with a bat", 5)
    rude = post("c2", "Mr Hollis is a lazy overpaid whinger, disgraceful school", 1)
    with wh.write() as con:
        mentions.insert_raw(con, [threat, rude])
        matches.record(con, {m.mention_id: [SchoolMatch("beech-hill", "alias", 0, 5)]
                             for m in (threat, rude)})
        classifications.record(con, {
            threat.mention_id: Classification(scores={"threat": 0.9}, labels=("threat",),
                                              model_version="t"),
            rude.mention_id: Classification(
                scores={}, labels=("abusive", "names_staff", "criticism"), model_version="t")})
        case_id, _ = cases.upsert(con, "beech-hill", "thread-a",
                                  Recommendation(action="escalate_police", severity=4,
                                                 reason="threat"),
                                  ["threat", "abusive", "names_staff", "criticism"],
                                  [threat.mention_id, rude.mention_id], False)
        quoted = representative_mentions(con, [case_id])[case_id]
    assert quoted["mention_id"] == threat.mention_id and quoted["mention_count"] == 2
