"""The daily digest: one email per reader, rendered once per day into the outbox.

The digest for a day covers the 24 hours before the run (or before the end
of that day, for an earlier date). Its key ``digest:<date>:<address>`` makes
a second run on the same day a no-op: the stored message is what gets sent,
however often the command runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from dashboards.email import alerts, items
from dashboards.email.readers import Reader, digest_readers
from dashboards.email.render import compose, render_pair, sender_of, serialise, short_name
from schoolwatch.config import Config, School
from warehouse import Warehouse, outbox
from warehouse import digest_queries as queries
from warehouse import sources as source_state

WINDOW = timedelta(hours=24)
# The digest's "needs attention" list is wider than the URGENT emails: a borderline
# threat or hate score does not page anyone, but stays near the top of every digest
# while its case is open. Only cases that were sent as URGENT alerts are called urgent.
ATTENTION_LABELS: tuple[str, ...] = ("threat", "hate", "safeguarding")
MAX_TITLE_SCHOOLS = 3


@dataclass(frozen=True)
class Window:
    """The day a digest is for and the time span it covers, ``[since, until)``."""

    day: date
    since: datetime
    until: datetime


@dataclass(frozen=True)
class SchoolCounts:
    """Per-school numbers for the summary table of a multi-school digest."""

    name: str
    urgent: int
    attention: int
    new: int
    changed: int
    removed: int            # posts, not cases


@dataclass
class Digest:
    """Everything one reader's digest shows."""

    reader: Reader
    window: Window
    title: str
    urgent: list[items.CaseItem] = field(default_factory=list)
    attention: list[items.CaseItem] = field(default_factory=list)
    new: list[items.CaseItem] = field(default_factory=list)
    waiting: int = 0
    changes: list[items.ChangeItem] = field(default_factory=list)
    removed: list[items.RemovedItem] = field(default_factory=list)
    sources: list[items.SourceProblem] = field(default_factory=list)
    per_school: list[SchoolCounts] = field(default_factory=list)

    @property
    def quiet(self) -> bool:
        """Nothing to report at all."""
        return not (self.urgent or self.attention or self.new or self.changes or self.removed
                    or self.sources)

    @property
    def wanted(self) -> bool:
        """Send it: there is news, or one of the reader's schools wants quiet-day digests."""
        return not self.quiet or any(s.digest.send_when_quiet for s in self.reader.schools)

    @property
    def removed_posts(self) -> int:
        """How many posts were taken down (the other counts are of cases)."""
        return sum(item.posts for item in self.removed)

    @property
    def subject(self) -> str:
        """'Beech Hill: 2 urgent, 1 needs attention, 5 new, 1 post removed'."""
        attention = len(self.attention)
        removed = self.removed_posts
        parts = [f"{len(self.urgent)} urgent" if self.urgent else "",
                 f"{attention} need{'s' if attention == 1 else ''} attention" if attention else "",
                 f"{len(self.new)} new" if self.new else "",
                 f"{removed} post{'' if removed == 1 else 's'} removed" if removed else ""]
        if self.sources:
            count = len(self.sources)
            parts.append(f"{count} source{'s' if count > 1 else ''} not working")
        summary = ", ".join(p for p in parts if p)
        if not summary and self.changes:
            summary = f"{len(self.changes)} case update{'s' if len(self.changes) > 1 else ''}"
        return f"{self.title}: {summary or 'nothing new'}"

    @property
    def day_text(self) -> str:
        return f"{self.window.day:%A} {self.window.day.day} {self.window.day:%B %Y}"

    @property
    def redacted_any(self) -> bool:
        return any(i.redacted for i in [*self.urgent, *self.attention, *self.new, *self.changes,
                                        *self.removed])


def digest_window(now: datetime, tz: ZoneInfo, day: date | None = None) -> Window:
    """The 24 hours before ``now`` (or before the end of ``day`` if that is earlier)."""
    local_day = day or now.astimezone(tz).date()
    end_of_day = datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=tz)
    until = min(now, end_of_day)
    return Window(day=local_day, since=until - WINDOW, until=until)


def digest_key(day: date, address: str) -> str:
    """Idempotency key: one digest per recipient per day."""
    return f"digest:{day.isoformat()}:{address}"


def reader_title(reader: Reader) -> str:
    """What the digest is about: the trust's name, or the schools' short names."""
    if reader.trust_names and "headteacher" not in reader.roles:
        return " & ".join(reader.trust_names)
    names = [short_name(s.name) for s in reader.schools]
    if len(names) > MAX_TITLE_SCHOOLS:
        return f"{', '.join(names[:MAX_TITLE_SCHOOLS])} +{len(names) - MAX_TITLE_SCHOOLS} more"
    return ", ".join(names)


def gather(con: duckdb.DuckDBPyConnection, config: Config, reader: Reader, window: Window,
           tz: ZoneInfo, problems: Sequence[items.SourceProblem]) -> Digest:
    """Read one reader's news from the warehouse and redact it for them."""
    ids = reader.school_ids
    schools: dict[str, School] = {s.id: s for s in reader.schools}
    flagged = queries.urgent_open_cases(con, ids, ATTENTION_LABELS, alerts.ALERT_ACTIONS)
    # Urgent here means what the alert emails called urgent; the rest (DSL notices,
    # borderline threat or hate scores) need a look but paged nobody.
    urgent: list[dict[str, Any]] = []
    attention: list[dict[str, Any]] = []
    for case in flagged:
        (urgent if alerts.urgency(case) == "urgent" else attention).append(case)
    flagged_ids = {c["case_id"] for c in flagged}
    fresh = [c for c in queries.new_cases(con, ids, window.since, window.until)
             if c["case_id"] not in flagged_ids]
    changes = queries.status_changes(con, ids, window.since, window.until)
    removed = queries.removed_posts(con, ids, window.since, window.until)
    quoted = queries.representative_mentions(
        con, sorted({r["case_id"] for r in [*flagged, *fresh, *changes]}))
    base = config.dashboard_base_url

    def sees(school_id: str) -> bool:
        return school_id in reader.sees_safeguarding

    def case_items(rows: list[dict[str, Any]]) -> list[items.CaseItem]:
        return [items.case_item(c, quoted.get(c["case_id"]), schools[c["school_id"]],
                                sees_safeguarding=sees(c["school_id"]), base_url=base, tz=tz,
                                window_start=window.since) for c in rows]

    digest = Digest(
        reader=reader, window=window, title=reader_title(reader),
        urgent=case_items(urgent), attention=case_items(attention), new=case_items(fresh),
        waiting=queries.waiting_count(con, ids, window.since),
        changes=[items.change_item(r, quoted.get(r["case_id"]), schools[r["school_id"]],
                                   sees_safeguarding=sees(r["school_id"]), base_url=base, tz=tz)
                 for r in changes],
        removed=items.removed_items(removed, schools, sees_safeguarding=sees, base_url=base,
                                    tz=tz),
        sources=list(problems),
    )
    if len(reader.schools) > 1:
        digest.per_school = [
            SchoolCounts(
                name=short_name(school.name),
                urgent=sum(c["school_id"] == school.id for c in urgent),
                attention=sum(c["school_id"] == school.id for c in attention),
                new=sum(c["school_id"] == school.id for c in fresh),
                changed=sum(r["school_id"] == school.id for r in changes),
                removed=len({r["mention_id"] for r in removed
                             if r["school_id"] == school.id}),
            ) for school in reader.schools]
    return digest


def render_digest(config: Config, digest: Digest, now: datetime) -> str:
    """The full RFC 5322 message for a digest, as stored in the outbox."""
    text, html = render_pair("digest", d=digest, base_url=config.dashboard_base_url,
                             subject=digest.subject)
    message = compose(key=digest_key(digest.window.day, digest.reader.address),
                      sender=sender_of(config), recipient=digest.reader.address,
                      subject=digest.subject, text=text, html=html, now=now,
                      urgent=bool(digest.urgent))
    return serialise(message)


def _render(config: Config, warehouse: Warehouse, now: datetime, day: date | None,
            skip_queued: bool) -> tuple[Window, list[tuple[Digest, str]], int]:
    """(the window, the digests worth sending rendered, how many readers were looked at)."""
    tz = ZoneInfo(config.schedule.timezone)
    window = digest_window(now, tz, day)
    readers = digest_readers(config)
    keyed = {digest_key(window.day, r.address): r for r in readers}
    with warehouse.read() as con:
        done = outbox.existing_ids(con, list(keyed)) if skip_queued else set()
        todo = [r for key, r in keyed.items() if key not in done]
        if not todo:
            return window, [], 0
        problems = items.source_problems(source_state.health(con), now, tz)
        digests = [gather(con, config, r, window, tz, problems) for r in todo]
    return window, [(d, render_digest(config, d, now)) for d in digests if d.wanted], len(digests)


def queue_digests(config: Config, warehouse: Warehouse, now: datetime,
                  day: date | None = None) -> tuple[int, int]:
    """Render the day's digests not yet in the outbox and store them.

    Returns (queued now, skipped as quiet).
    """
    window, rendered, looked_at = _render(config, warehouse, now, day, skip_queued=True)
    queued = 0
    with warehouse.write() as con:
        for digest, message in rendered:
            queued += outbox.enqueue(
                con, message_id=digest_key(window.day, digest.reader.address), kind="digest",
                recipient=digest.reader.address, subject=digest.subject, message=message,
                created_at=now, digest_date=window.day)
    return queued, looked_at - len(rendered)


def preview_digests(config: Config, warehouse: Warehouse, now: datetime,
                    day: date | None = None) -> tuple[list[dict[str, str]], int]:
    """The day's digests rendered for reading only: nothing is queued to be sent.

    Returns (rows with ``message_id`` and ``message``, as the outbox has them;
    how many were skipped as quiet).
    """
    window, rendered, looked_at = _render(config, warehouse, now, day, skip_queued=False)
    rows = [{"message_id": digest_key(window.day, digest.reader.address), "message": message}
            for digest, message in rendered]
    return rows, looked_at - len(rendered)
