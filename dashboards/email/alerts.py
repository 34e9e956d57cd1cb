"""Alerts sent at once: URGENT ones to the DSL and head, and DSL notices.

A case is **urgent** when the policy engine recommends the police, or the DSL
at the highest severity (a clear safeguarding concern, a possible s141F
breach): the DSL and the head hear at once, marked high importance. The
threat, hate and safeguarding labels are tuned to miss nothing, so many of
their hits are borderline; the engine recommends acting now only when the
score is clear. A borderline threat or hate ("possible threat", for the head
to read and judge) waits for the morning digest. Anything else for the DSL (a
possible safeguarding concern, a pupil named or identified) goes at once to
the DSL alone as a **notice**: not marked urgent, and not copied to the head,
who sees it in the digest (redacted unless allowed to read safeguarding
detail). Each open case alerts each reader once per kind, ever (keys
``alert:<case_id>:<address>`` and ``notice:<case_id>:<address>``), so a case
that turns urgent after a notice still alerts. The hourly cap is applied when
sending (see ``delivery``): an alert over the cap waits in the queue with a
note; it is never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dashboards.email import items
from dashboards.email.readers import alert_readers, normalise
from dashboards.email.render import compose, render_pair, sender_of, serialise
from schoolwatch.config import Config, School
from warehouse import Warehouse, outbox
from warehouse import digest_queries as queries

ALERT_ACTIONS: tuple[str, ...] = ("escalate_police", "escalate_dsl")
URGENT_DSL_SEVERITY = 4
# Only cases opened or given new evidence this recently alert, so that
# pointing schoolwatch at an old warehouse does not alert on last year's cases.
ALERT_LOOKBACK = timedelta(days=7)


def urgency(case: Mapping[str, Any]) -> str | None:
    """``"urgent"`` (DSL and head, at once), ``"notice"`` (DSL alone) or None (digest only)."""
    if case["action"] == "escalate_police":
        return "urgent"
    if case["action"] == "escalate_dsl" and case["severity"] >= URGENT_DSL_SEVERITY:
        return "urgent"
    if case["action"] == "escalate_dsl" or case["safeguarding"]:
        return "notice"
    return None


def alert_key(case_id: str, address: str, kind: str = "urgent") -> str:
    """Idempotency key: one alert (and one notice) per case per reader."""
    return f"{'notice' if kind == 'notice' else 'alert'}:{case_id}:{address}"


def alert_subject(item: items.CaseItem, kind: str = "urgent") -> str:
    """'URGENT Beech Hill: Contact the police (threat)'; never any post text."""
    labels = ", ".join(item.labels)
    suffix = f" ({labels})" if labels else ""
    if kind == "notice":
        return f"For the DSL, {item.school_short}: please read and judge{suffix}"
    if item.redacted:
        return f"URGENT {item.school_short}: safeguarding concern (details sent to the DSL)"
    return f"URGENT {item.school_short}: {item.headline}{suffix}"


def _recipients(case: Mapping[str, Any], school: School, kind: str) -> list[tuple[str, bool]]:
    """(address, sees full detail): DSL and head when urgent, the DSL alone for a notice."""
    readers = alert_readers(school, items.is_safeguarding(case))
    if kind == "notice" and normalise(school.contacts.dsl):
        return readers[:1]  # the DSL comes first; without one the head is told
    return readers


def _already_told(case_id: str, address: str, kind: str) -> set[str]:
    """Keys any of which means this reader needs nothing more about the case: the message
    itself, or an URGENT alert already sent (which makes a notice redundant)."""
    return {alert_key(case_id, address, kind), alert_key(case_id, address)}


def queue_alerts(config: Config, warehouse: Warehouse, now: datetime) -> tuple[int, int]:
    """Render alerts and DSL notices not yet sent for open cases: (queued, of which notices)."""
    tz = ZoneInfo(config.schedule.timezone)
    schools = {s.id: s for s in config.schools}
    with warehouse.read() as con:
        cases = queries.urgent_open_cases(con, list(schools), (), ALERT_ACTIONS,
                                          updated_since=now - ALERT_LOOKBACK)
        wanted = [(case, kind, address, full)
                  for case in cases if (kind := urgency(case))
                  for address, full in _recipients(case, schools[case["school_id"]], kind)]
        blockers = [_already_told(c["case_id"], a, k) for c, k, a, _ in wanted]
        done = outbox.existing_ids(con, sorted(set().union(*blockers)))
        wanted = [w for w, keys in zip(wanted, blockers, strict=True) if not keys & done]
        quoted = queries.representative_mentions(con, sorted({c["case_id"] for c, *_ in wanted}))
    rendered: list[tuple[str, str, str, str, str, str]] = []
    for case, kind, address, full in wanted:
        school = schools[case["school_id"]]
        item = items.case_item(case, quoted.get(case["case_id"]), school,
                               sees_safeguarding=full, base_url=config.dashboard_base_url, tz=tz,
                               window_start=now - ALERT_LOOKBACK)
        subject = alert_subject(item, kind)
        key = alert_key(case["case_id"], address, kind)
        text, html = render_pair("alert", item=item, school=school, subject=subject,
                                 urgent=kind == "urgent", max_per_hour=config.alerts.max_per_hour)
        message = compose(key=key, sender=sender_of(config), recipient=address, subject=subject,
                          text=text, html=html, now=now, urgent=kind == "urgent")
        rendered.append((key, address, subject, serialise(message), case["case_id"], kind))
    queued = notices = 0
    with warehouse.write() as con:
        for key, address, subject, message, case_id, kind in rendered:
            added = outbox.enqueue(con, message_id=key, kind="alert", recipient=address,
                                   subject=subject, message=message, created_at=now,
                                   case_id=case_id)
            queued += added
            notices += added if kind == "notice" else 0
    return queued, notices
