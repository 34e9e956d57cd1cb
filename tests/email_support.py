"""Shared helpers for the email tests: a real aiosmtpd server, a config, seeded cases.

Every person and address here is fictional.
"""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from schoolwatch.config import (
    AlertSettings,
    Config,
    Contacts,
    DigestSettings,
    School,
    SmtpSettings,
    Trust,
)
from schoolwatch.domain import Classification, RawItem, Recommendation, SchoolMatch
from warehouse import Warehouse, cases, classifications, matches, mentions, observations


def free_port() -> int:
    """A free loopback port (aiosmtpd's Controller cannot take port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(e.original_content or e.content, policy=policy.default)
                for e in self.envelopes]

    def to(self, address: str) -> list[EmailMessage]:
        """Messages whose envelope recipient is ``address``."""
        return [m for e, m in zip(self.envelopes, self.messages, strict=True)
                if address in e.rcpt_tos]


@contextmanager
def smtp_server(port: int, handler: Any | None = None) -> Iterator[Any]:
    """Run a real SMTP server on 127.0.0.1:port until the block ends."""
    handler = handler or Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


def make_config(tmp_path: Path, port: int, **changes: Any) -> Config:
    """Four fictional schools: one alone, two sharing a head in a trust, one with options."""
    schools = (
        School(id="beech-hill", name="Beech Hill Community Primary School",
               aliases=("Beech Hill Primary",),
               contacts=Contacts(headteacher="head@beechhill.example",
                                 dsl="dsl@beechhill.example", office="office@beechhill.example")),
        School(id="riverside-north", name="Riverside North Primary School",
               trust="riverside-federation",
               contacts=Contacts(headteacher="head@riverside.example",
                                 dsl="dsl-north@riverside.example")),
        School(id="riverside-south", name="Riverside South Infant School",
               trust="riverside-federation",
               contacts=Contacts(headteacher="head@riverside.example",
                                 dsl="dsl-south@riverside.example")),
        School(id="bratton", name="Bratton Primary School",
               contacts=Contacts(headteacher="head@bratton.example", dsl="dsl@bratton.example"),
               digest=DigestSettings(send_when_quiet=False, head_sees_safeguarding=True)),
    )
    trusts = (Trust(id="riverside-federation", name="Riverside Federation",
                    schools=("riverside-north", "riverside-south"),
                    contacts={"trust": "federation@riverside.example"}),)
    config = Config(
        path=tmp_path / "config.toml", warehouse_path=tmp_path / "sw.duckdb", schools=schools,
        trusts=trusts,
        smtp=SmtpSettings(host="127.0.0.1", port=port, starttls=False,
                          sender="schoolwatch@trust.example", timeout_seconds=5),
        alerts=AlertSettings(max_per_hour=10),
        dashboard_base_url="https://watch.trust.example",
    )
    return replace(config, **changes)


_counter = iter(range(1, 1_000_000))


def seed_case(wh: Warehouse, school_id: str, body: str, *, title: str = "",
              labels: Sequence[str] = (), action: str = "monitor", severity: int = 1,
              safeguarding: bool = False, url: str | None = None,
              author: str = "concerned_parent_77", reason: str = "Test reason") -> str:
    """Store a post, its match, its labels and a case through the warehouse; returns case id."""
    n = next(_counter)
    item = RawItem(
        source="reddit", source_key="reddit:search", external_id=f"t1_test{n}", kind="comment",
        url=url or f"https://www.reddit.com/r/Luton/comments/abc/x/t1_test{n}/", text=body,
        title=title, author=author, posted_at=datetime.now(UTC) - timedelta(hours=2),
        thread_key=f"thread-{n}",
    )
    with wh.write() as con:
        mentions.insert_raw(con, [item])
        matches.record(con, {item.mention_id: [SchoolMatch(school_id, "alias", 0, 5)]})
        classifications.record(con, {item.mention_id: Classification(
            scores={label: 0.9 for label in labels}, labels=tuple(labels),
            model_version="test-1")})
        case_id, _ = cases.upsert(
            con, school_id, item.thread_key or item.mention_id,
            Recommendation(action=action, severity=severity, reason=reason),
            list(labels), [item.mention_id], safeguarding)
    return case_id


def record_observation(wh: Warehouse, mention_id: str, status: str, checked_at: datetime) -> None:
    """Seed a deletion-watch re-check result through the deletion watch's own writer."""
    with wh.write() as con:
        observations.record(con, mention_id, status, checked_at=checked_at)


def mention_ids_of(wh: Warehouse, case_id: str) -> list[str]:
    """The mentions in a case."""
    with wh.read() as con:
        return [m["mention_id"] for m in cases.mentions_of(con, case_id)]


def later(minutes: float = 1) -> datetime:
    """A moment just after the seeded data (which the warehouse stamps with the real clock)."""
    return datetime.now(UTC) + timedelta(minutes=minutes)


def parts(message: EmailMessage) -> tuple[str, str]:
    """(plain text, html) of a multipart/alternative message."""
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()
