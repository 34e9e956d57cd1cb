"""Urgent alerts: clear threats, hate and safeguarding go to the DSL and head at once.

A case is urgent when its recommended action is to tell the police or the
DSL, or it carries the safeguarding label. The threat and hate labels are
tuned to miss nothing, so most of them are borderline; the policy engine
recommends the police only when the score is clear, and a borderline one
("possible threat", for the head to read and judge) waits for the morning
digest instead of sending an URGENT email to two people. Each urgent open
case alerts each reader once, ever (key ``alert:<case_id>:<address>``). The
hourly cap is applied when sending (see ``delivery``): an alert over the cap
waits in the queue with a note; it is never dropped.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dashboards.email import items
from dashboards.email.readers import alert_readers
from dashboards.email.render import compose, render_pair, sender_of, serialise
from schoolwatch.config import Config
from warehouse import Warehouse, outbox
from warehouse import digest_queries as queries

URGENT_LABELS: tuple[str, ...] = ("safeguarding",)
URGENT_ACTIONS: tuple[str, ...] = ("escalate_police", "escalate_dsl")
# Only cases opened or given new evidence this recently alert, so that
# pointing schoolwatch at an old warehouse does not alert on last year's cases.
ALERT_LOOKBACK = timedelta(days=7)


def alert_key(case_id: str, address: str) -> str:
    """Idempotency key: one alert per case per reader."""
    return f"alert:{case_id}:{address}"


def alert_subject(item: items.CaseItem) -> str:
    """'URGENT Beech Hill: Contact the police (threat)'; never any post text."""
    if item.redacted:
        return f"URGENT {item.school_short}: safeguarding concern (details sent to the DSL)"
    labels = ", ".join(item.labels)
    suffix = f" ({labels})" if labels else ""
    return f"URGENT {item.school_short}: {item.headline}{suffix}"


def queue_alerts(config: Config, warehouse: Warehouse, now: datetime) -> int:
    """Render alerts for urgent cases not yet alerted; returns how many were queued."""
    tz = ZoneInfo(config.schedule.timezone)
    schools = {s.id: s for s in config.schools}
    with warehouse.read() as con:
        cases = queries.urgent_open_cases(con, list(schools), URGENT_LABELS, URGENT_ACTIONS,
                                          updated_since=now - ALERT_LOOKBACK)
        wanted = [(case, address, full)
                  for case in cases
                  for address, full in alert_readers(schools[case["school_id"]],
                                                     items.is_safeguarding(case))]
        done = outbox.existing_ids(con, [alert_key(c["case_id"], a) for c, a, _ in wanted])
        wanted = [w for w in wanted if alert_key(w[0]["case_id"], w[1]) not in done]
        quoted = queries.representative_mentions(con, sorted({c["case_id"] for c, _, _ in wanted}))
    rendered: list[tuple[str, str, str, str, str]] = []
    for case, address, full in wanted:
        school = schools[case["school_id"]]
        item = items.case_item(case, quoted.get(case["case_id"]), school,
                               sees_safeguarding=full, base_url=config.dashboard_base_url, tz=tz,
                               window_start=now - ALERT_LOOKBACK)
        subject = alert_subject(item)
        key = alert_key(case["case_id"], address)
        text, html = render_pair("alert", item=item, school=school, subject=subject,
                                 max_per_hour=config.alerts.max_per_hour)
        message = compose(key=key, sender=sender_of(config), recipient=address, subject=subject,
                          text=text, html=html, now=now, urgent=True)
        rendered.append((key, address, subject, serialise(message), case["case_id"]))
    queued = 0
    with warehouse.write() as con:
        for key, address, subject, message, case_id in rendered:
            queued += outbox.enqueue(con, message_id=key, kind="alert", recipient=address,
                                     subject=subject, message=message, created_at=now,
                                     case_id=case_id)
    return queued
