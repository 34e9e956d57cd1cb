"""The daily digest: who gets it, what it says, what it hides, delivered to a real SMTP server."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from dashboards.email.render import message_id_for
from dashboards.notify import run_notify
from schoolwatch.domain import RawItem, Recommendation
from tests.email_support import (
    free_port,
    later,
    make_config,
    mention_ids_of,
    parts,
    record_observation,
    seed_case,
    smtp_server,
)
from warehouse import Warehouse, cases, mentions, outbox, sources

HOSTILE = ('<script>alert("pwned")</script><img src=x onerror="steal()"> '
           "Mr Pennywell at Beech Hill is a disgrace")


@pytest.fixture
def env(tmp_path):
    port = free_port()
    config = make_config(tmp_path, port)
    return config, Warehouse(config.warehouse_path), port


def test_each_head_gets_one_digest_and_the_trust_gets_its_own(env):
    config, wh, port = env
    seed_case(wh, "beech-hill", "Parking at Beech Hill is chaos", labels=["criticism"])
    seed_case(wh, "riverside-north", "Riverside North ignored my email", labels=["criticism"])
    seed_case(wh, "riverside-south", "Riverside South nativity was lovely", labels=[])
    with smtp_server(port) as sink:
        result = run_notify(config, wh, send=True, now=later())
    recipients = sorted(r for e in sink.envelopes for r in e.rcpt_tos)
    # Bratton is quiet and has turned quiet-day digests off; the shared head gets one email.
    assert recipients == ["federation@riverside.example", "head@beechhill.example",
                          "head@riverside.example"]
    assert result["sent"] == 3 and result["quiet_skipped"] == 1
    (shared,) = sink.to("head@riverside.example")
    text, html = parts(shared)
    assert "Riverside North ignored my email" in text and "Riverside South nativity" in text
    assert shared["Subject"] == "Riverside North, Riverside South: 2 new"
    (trust,) = sink.to("federation@riverside.example")
    assert trust["Subject"] == "Riverside Federation: 2 new"
    assert "Beech Hill" not in parts(trust)[0]
    (beech,) = sink.to("head@beechhill.example")
    assert "Riverside" not in parts(beech)[0]


def test_multipart_alternative_with_headers_from_the_key(env):
    config, wh, port = env
    case_id = seed_case(wh, "beech-hill", "Beech Hill Primary staff never reply",
                        labels=["criticism"])
    now = later()
    with smtp_server(port) as sink:
        run_notify(config, wh, send=True, now=now)
    (message,) = sink.to("head@beechhill.example")
    assert message.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in message.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    assert message["From"] == "schoolwatch <schoolwatch@trust.example>"
    assert message["Auto-Submitted"] == "auto-generated"
    day = now.astimezone(ZoneInfo("Europe/London")).date()
    with wh.read() as con:
        row = outbox.get(con, f"digest:{day.isoformat()}:head@beechhill.example")
    assert row is not None and row["status"] == "sent" and row["digest_date"] == day
    assert message["Message-ID"] == message_id_for(row["message_id"], "schoolwatch@trust.example")
    text, html = parts(message)
    link = f"https://watch.trust.example/cases/{case_id}"
    assert link in text and f'href="{link}"' in html
    # Inline CSS only: no <style> block, no <link>, no external images.
    assert "<style" not in html and "<link" not in html and "<img" not in html
    assert 'style="' in html


def test_subject_counts_urgent_new_and_removed(env):
    config, wh, port = env
    seed_case(wh, "beech-hill", "I will be waiting at the gate for that teacher",
              labels=["threat"], action="escalate_police", severity=4)
    seed_case(wh, "beech-hill", "Their head is a liar", labels=["abusive"],
              action="request_removal", severity=2)
    removed_case = seed_case(wh, "beech-hill", "Old rant about Beech Hill", labels=["abusive"],
                             action="request_removal", severity=2)
    now = later()
    (mention_id,) = mention_ids_of(wh, removed_case)
    record_observation(wh, mention_id, "present", now - timedelta(days=3))
    record_observation(wh, mention_id, "removed", now - timedelta(hours=3))
    with smtp_server(port) as sink:
        run_notify(config, wh, send=True, now=now)
    (digest,) = [m for m in sink.to("head@beechhill.example") if "URGENT" not in m["Subject"]]
    assert digest["Subject"] == "Beech Hill: 1 urgent, 2 new, 1 post removed"
    text, _ = parts(digest)
    assert "POSTS TAKEN DOWN" in text and f"/cases/{removed_case}" in text


def add_post(wh, case_id, body, *, school_id=None):
    """Another post in ``case_id``'s thread (or the same post in ``school_id``'s case)."""
    with wh.read() as con:
        case = cases.get(con, case_id)
    item = RawItem(source="reddit", source_key="reddit:search", external_id=f"t1_{case_id}"
                   f"{len(body)}", kind="comment",
                   url=f"https://www.reddit.com/r/Luton/comments/abc/x/{len(body)}/", text=body,
                   author="another_parent", posted_at=later(-120), thread_key=case["thread_key"])
    with wh.write() as con:
        mentions.insert_raw(con, [item])
        cases.upsert(con, school_id or case["school_id"], case["thread_key"],
                     Recommendation(action=case["action"], severity=case["severity"],
                                    reason="Test reason"),
                     list(case["labels"]), [item.mention_id], case["safeguarding"])
    return item.mention_id


def removed_section(text):
    return text.split("POSTS TAKEN DOWN", 1)[1].split("SOURCES NOT WORKING", 1)[0]


def test_removed_posts_are_listed_once_and_counted_as_posts(env):
    config, wh, port = env
    now = later()
    # A safeguarding case the head may not read: its three posts went, and nothing
    # tells them apart in the head's copy, so they are one line that says how many.
    guarded = seed_case(wh, "beech-hill", "Something about a Beech Hill pupil at home",
                        labels=["safeguarding"], action="escalate_dsl", severity=3,
                        safeguarding=True)
    guarded_posts = [*mention_ids_of(wh, guarded), add_post(wh, guarded, "More about it"),
                     add_post(wh, guarded, "And more about it again")]
    rant = seed_case(wh, "beech-hill", "Beech Hill office are useless, first rant",
                     labels=["abusive"], action="request_removal", severity=2)
    rant_posts = [*mention_ids_of(wh, rant),
                  add_post(wh, rant, "Beech Hill office are useless, second rant")]
    # One post in the cases of both Riverside schools: the shared head reads it once.
    shared = seed_case(wh, "riverside-north", "Riverside North and South are both a joke",
                       labels=["abusive"], action="request_removal", severity=2)
    (shared_post,) = mention_ids_of(wh, shared)
    with wh.read() as con:
        thread_key = cases.get(con, shared)["thread_key"]
    with wh.write() as con:
        cases.upsert(con, "riverside-south", thread_key,
                     Recommendation(action="request_removal", severity=2, reason="Test reason"),
                     ["abusive"], [shared_post], False)
    for mention_id in [*guarded_posts, *rant_posts, shared_post]:
        record_observation(wh, mention_id, "present", now - timedelta(days=2))
        record_observation(wh, mention_id, "removed", now - timedelta(hours=2))
    with smtp_server(port) as sink:
        run_notify(config, wh, send=True, now=now)

    (beech,) = [m for m in sink.to("head@beechhill.example")
                if m["Subject"].startswith("Beech Hill:")]
    assert beech["Subject"].endswith(", 5 posts removed")
    text, html = parts(beech)
    section = removed_section(text)
    assert section.count("- Beech Hill:") == 3
    assert section.count("safeguarding case (3 posts)") == 1
    assert "Something about a Beech Hill pupil" not in text
    assert section.count("first rant") == 1 and section.count("second rant") == 1
    assert "1 new, 0 updated, 5 posts removed" in text
    assert ">5</div>" in html and "posts removed</div>" in html
    assert html.count("safeguarding case (3 posts)") == 1

    for address in ("head@riverside.example", "federation@riverside.example"):
        (digest,) = [m for m in sink.to(address) if "URGENT" not in m["Subject"]]
        assert digest["Subject"].endswith(", 1 post removed"), digest["Subject"]
        text, _ = parts(digest)
        section = removed_section(text)
        assert section.count("both a joke") == 1, section
        assert "- Riverside North, Riverside South: Riverside North and South" in section
        assert "- Riverside North: 0 urgent, 0 need attention, 1 new, 0 updated, " \
            "1 post removed" in text


def test_only_cases_sent_as_urgent_alerts_are_called_urgent(env):
    config, wh, port = env
    seed_case(wh, "beech-hill", "Going to wait for that teacher at the gate",
              labels=["threat"], action="escalate_police", severity=4)
    # A borderline safeguarding score: the DSL got a notice, nobody got an URGENT email.
    seed_case(wh, "beech-hill", "Odd that a teacher gives my son lifts home",
              labels=["safeguarding"], action="escalate_dsl", severity=3, safeguarding=True)
    # A threat score under the police's clear score: no email at all, but worth a look.
    seed_case(wh, "beech-hill", "Someone should sort that head out", labels=["threat"],
              action="request_removal", severity=2)
    with smtp_server(port) as sink:
        run_notify(config, wh, send=True, now=later())
    (digest,) = [m for m in sink.to("head@beechhill.example")
                 if "digest" in m["Message-ID"] or m["Subject"].startswith("Beech Hill:")]
    assert digest["Subject"] == "Beech Hill: 1 urgent, 2 need attention"
    text, html = parts(digest)
    urgent_part, attention_part = text.split("NEEDS ATTENTION")
    assert "wait for that teacher" in urgent_part.split("URGENT: POLICE OR DSL")[1]
    assert "sort that head out" in attention_part and "sort that head out" not in urgent_part
    assert "sent to the DSL to judge" in attention_part
    assert "1 urgent, 2 need attention, 0 new" in text
    assert "need attention</div>" in html


def test_hostile_post_text_is_escaped_and_trimmed(env):
    config, wh, port = env
    seed_case(wh, "beech-hill", HOSTILE + " blah" * 400, title="<b>bold</b> title",
              labels=["abusive", "names_staff"], action="request_removal", severity=2,
              url="javascript:alert(document.cookie)", author='"><script>x</script>')
    with smtp_server(port) as sink:
        run_notify(config, wh, send=True, now=later())
    (message,) = sink.to("head@beechhill.example")
    text, html = parts(message)
    assert "<script" not in html.lower()
    assert "<img" not in html  # the tag is shown as text, so its onerror never runs
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; title" in html
    assert "javascript:" not in html and "javascript:" not in text  # not linked at all
    assert "Mr Pennywell at Beech Hill is a disgrace" in text  # still readable
    assert len(message.as_string()) < 40_000 and "blah blah" in text
    assert text.count("blah") < 80  # trimmed, not the 400 repeats


def test_safeguarding_detail_only_for_those_allowed(env):
    config, wh, port = env
    secret = "Year 5 girl at Beech Hill says her stepdad hurts her"
    case_id = seed_case(wh, "beech-hill", secret, title="worried", labels=["safeguarding"],
                        action="escalate_dsl", severity=4, safeguarding=True,
                        author="neighbour_x")
    bratton_secret = "A Bratton pupil posted about self-harm"
    seed_case(wh, "bratton", bratton_secret, labels=["safeguarding"], action="escalate_dsl",
              severity=4, safeguarding=True)
    river_secret = "Riverside North child left alone every night"
    seed_case(wh, "riverside-north", river_secret, labels=["safeguarding"],
              action="escalate_dsl", severity=4, safeguarding=True)
    with smtp_server(port) as sink:
        run_notify(config, wh, send=True, now=later())

    def digest_for(address):
        (message,) = [m for m in sink.to(address) if "URGENT" not in m["Subject"]]
        return parts(message)

    # Beech Hill's head may not see safeguarding content: told it exists, with the link.
    text, html = digest_for("head@beechhill.example")
    for body in (text, html):
        assert secret not in body and "neighbour_x" not in body and "worried" not in body
        assert "Safeguarding concern" in body
        assert f"/cases/{case_id}" in body
    # Bratton lets its head see safeguarding detail.
    text, _ = digest_for("head@bratton.example")
    assert bratton_secret in text
    # The trust never sees it.
    text, html = digest_for("federation@riverside.example")
    assert river_secret not in text and river_secret not in html
    assert "Safeguarding concern" in text
    # The DSL's alert carries the detail.
    (dsl_alert,) = sink.to("dsl@beechhill.example")
    assert secret in parts(dsl_alert)[0]


def test_quiet_day_sends_nothing_new_unless_turned_off(env):
    config, wh, port = env
    with smtp_server(port) as sink:
        result = run_notify(config, wh, send=True, now=later())
    subjects = {m["To"]: m["Subject"] for m in sink.messages}
    assert subjects["head@beechhill.example"] == "Beech Hill: nothing new"
    assert "Nothing new today" in parts(sink.to("head@beechhill.example")[0])[0]
    assert "head@bratton.example" not in subjects  # send_when_quiet = false
    assert result["quiet_skipped"] == 1


def test_status_changes_and_failing_sources_are_listed(env):
    config, wh, port = env
    case_id = seed_case(wh, "beech-hill", "Beech Hill teachers are lazy", labels=["abusive"],
                        action="request_removal", severity=2)
    with wh.write() as con:
        cases.record_decision(con, case_id, "office.sam", "dismiss", {"note": "private note"})
        for _ in range(3):
            sources.record_failure(con, "feed:https://news.example/feed", "feed",
                                   "Luton News comments", "HTTP 500 from news.example")
    assert mention_ids_of(wh, case_id)
    with smtp_server(port) as sink:
        run_notify(config, wh, send=True, now=later())
    (message,) = sink.to("head@beechhill.example")
    text, html = parts(message)
    assert "dismissed by office.sam" in text
    assert "private note" not in text and "private note" not in html
    assert "Luton News comments" in text and "HTTP 500" in text
    assert "1 source not working" in message["Subject"]


def test_long_subjects_stay_on_one_header_line(env):
    from email import message_from_string, policy

    from dashboards.email.render import compose, serialise

    subject = ("Riverside North, Riverside South: 2 urgent, 13 new, 4 posts removed, "
               "2 sources not working")
    message = compose(key="digest:2024-05-14:head@riverside.example",
                      sender="schoolwatch@trust.example", recipient="head@riverside.example",
                      subject=subject + "\r\nBcc: victim@example.org", text="t", html="<p>h</p>",
                      now=later())
    stored = serialise(message)
    assert f"Subject: {subject} Bcc: victim@example.org\n" in stored  # no header injection
    assert message_from_string(stored, policy=policy.default)["Subject"].startswith("Riverside")
    assert max(len(line) for line in stored.splitlines()) < 200
