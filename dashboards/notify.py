"""The notify stage: render urgent alerts and the daily digest into the outbox, then deliver.

``run_notify`` is what the nightly flow and ``schoolwatch digest`` call. It is
safe to run as often as you like: alerts are keyed per case and reader,
digests per reader and day, and delivery never sends a message twice.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dashboards.email import alerts, delivery, digest
from schoolwatch.config import Config
from warehouse import Warehouse, outbox


def run_notify(
    config: Config,
    warehouse: Warehouse | str | os.PathLike[str],
    *,
    send: bool,
    out_dir: Path | None = None,
    now: datetime | None = None,
    digest_date: date | None = None,
    include_digests: bool = True,
) -> dict[str, Any]:
    """Queue today's alerts and digests, then send them (``send``) or write ``.eml`` files.

    ``now`` defaults to the current time (tests pass a fixed one);
    ``digest_date`` renders the digest for another day (it covers the 24 hours
    before the end of that day; without ``send`` it is only written to
    ``out_dir``, never queued); ``include_digests=False`` only handles alerts.

    Returns counts: ``queued`` (rendered now), ``alerts`` (urgent alerts and DSL
    notices), ``notices`` (of those, DSL notices), ``digests`` (queued),
    ``digests_previewed`` (another day's, written to files only),
    ``quiet_skipped``, ``sent``, ``failed``, ``written``, ``held`` (over the
    hourly alert cap, still queued), ``retry_later``, ``unconfirmed``,
    ``interrupted`` (left by a run that died mid-send), ``pending`` (still
    queued afterwards) and ``errors`` (plain-English messages).
    """
    store = warehouse if isinstance(warehouse, Warehouse) else Warehouse(warehouse)
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the warehouse stores UTC; naive means UTC
    alert_count, notice_count = alerts.queue_alerts(config, store, moment)
    today = moment.astimezone(ZoneInfo(config.schedule.timezone)).date()
    # Looking back at another day without --send is a preview: written to files, never
    # queued, so a later --send cannot email heads a stale digest.
    look_back = not send and digest_date is not None and digest_date != today
    previews: list[dict[str, str]] = []
    if not include_digests:
        digest_count, quiet = 0, 0
    elif look_back:
        previews, quiet = digest.preview_digests(config, store, moment, digest_date)
        digest_count = 0
    else:
        digest_count, quiet = digest.queue_digests(config, store, moment, digest_date)
    report = delivery.deliver(config, store, moment, send=send, out_dir=out_dir)
    if previews and out_dir is not None:
        report.written += delivery.write_eml(previews, out_dir)
    with store.read() as con:
        pending = outbox.status_counts(con).get("queued", 0)
    return {
        "queued": alert_count + digest_count,
        "alerts": alert_count,
        "notices": notice_count,
        "digests": digest_count,
        "digests_previewed": len(previews),
        "quiet_skipped": quiet,
        "sent": report.sent,
        "failed": report.failed,
        "written": report.written,
        "held": report.held,
        "retry_later": report.retry_later,
        "unconfirmed": report.unconfirmed,
        "interrupted": report.interrupted,
        "pending": pending,
        "errors": report.errors,
    }
