"""Deliver the outbox: over SMTP, or as ``.eml`` files for a dry run.

Each message is handed over in three steps, each its own short warehouse
session so nothing holds the DuckDB file while talking to the mail server:

1. ``claim``: the row becomes ``sending`` and that is *committed*;
2. the message goes to the mail server;
3. ``mark_sent``.

If the process dies between 2 and 3, the row is still ``sending`` on the
next run. We cannot know whether the server took it, and we deliberately do
not send it again: the row becomes ``unconfirmed``. A school would rather
miss a duplicate than get two copies of an alert about a threat, and every
case is in the next digest and on the dashboard anyway, so nothing is lost.
The same applies when the connection drops after the message body was
sent: that is the one moment the outcome is unknown.

Failures where we know the server did *not* take the message (unreachable,
refused login, a 4xx reply) leave it queued for the next run with the
attempt counted and the error kept; a 5xx refusal of the address or message
marks it ``failed``, because sending it again cannot help.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from schoolwatch.config import Config, SmtpSettings
from schoolwatch.errors import SchoolwatchError
from warehouse import Warehouse, outbox

# A row still 'sending' after this long belongs to a run that died. Younger
# rows may belong to a run that is still going, and are left alone.
STALE_SENDING_AFTER = timedelta(minutes=10)
CAP_WINDOW = timedelta(hours=1)
INTERRUPTED_NOTE = ("A run stopped after handing this message to the mail server and before "
                    "recording the result. It was probably delivered; it is not sent again so "
                    "that nobody gets it twice.")


class MailServerError(SchoolwatchError):
    """The mail server could not be reached or refused us; the message says what to check."""


class NotSent(Exception):
    """The server did not take the message; ``permanent`` says whether retrying can help."""

    def __init__(self, message: str, permanent: bool, connection_lost: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.connection_lost = connection_lost


class Unconfirmed(Exception):
    """The message body went out but no reply came back: it may have been delivered."""


@dataclass
class DeliveryReport:
    """What one delivery pass did."""

    sent: int = 0
    failed: int = 0
    written: int = 0
    held: int = 0
    retry_later: int = 0
    unconfirmed: int = 0
    interrupted: int = 0
    errors: list[str] = field(default_factory=list)


def open_smtp(settings: SmtpSettings) -> smtplib.SMTP:
    """Connect (SSL or STARTTLS), log in with the env credentials; plain-English errors."""
    where = f"{settings.host}:{settings.port}"
    context = ssl.create_default_context()
    hostname = socket.gethostname() or "localhost"  # smtplib's default does a DNS lookup
    client: smtplib.SMTP | None = None
    try:
        if settings.ssl:
            client = smtplib.SMTP_SSL(settings.host, settings.port, local_hostname=hostname,
                                      timeout=settings.timeout_seconds, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, local_hostname=hostname,
                                  timeout=settings.timeout_seconds)
            if settings.starttls:
                client.starttls(context=context)
        client.ehlo()
        if settings.username:
            if settings.password is None:
                raise MailServerError(
                    "SCHOOLWATCH_SMTP_USERNAME is set but SCHOOLWATCH_SMTP_PASSWORD is not. "
                    "Set the mail password in the environment.")
            client.login(settings.username, settings.password)
        return client
    except MailServerError:
        _quietly_close(client)
        raise
    except smtplib.SMTPAuthenticationError as exc:
        _quietly_close(client)
        raise MailServerError(
            f"The mail server {where} refused the login ({_reply(exc)}). Check "
            "SCHOOLWATCH_SMTP_USERNAME and SCHOOLWATCH_SMTP_PASSWORD.") from exc
    except smtplib.SMTPNotSupportedError as exc:
        _quietly_close(client)
        raise MailServerError(
            f"The mail server {where} does not offer what the [smtp] settings ask for "
            f"({exc}). With starttls = true use port 587; for port 465 set ssl = true and "
            "starttls = false.") from exc
    except ssl.SSLError as exc:
        _quietly_close(client)
        raise MailServerError(
            f"The secure connection to the mail server {where} failed ({exc.reason or exc}). "
            "Check the host, the port and the starttls/ssl settings.") from exc
    except (OSError, smtplib.SMTPException) as exc:
        _quietly_close(client)
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise MailServerError(
            f"Could not reach the mail server {where} ({reason}).") from exc


def hand_over(client: smtplib.SMTP, sender: str, recipient: str, message: str) -> None:
    """Send one message; raise ``NotSent`` or ``Unconfirmed`` saying what we know."""
    try:
        code, reply = client.mail(sender)
        if code != 250:
            _reset(client)
            raise NotSent(f"the server refused the sender {sender} ({code} {_text(reply)})",
                          permanent=code >= 500)
        code, reply = client.rcpt(recipient)
        if code not in (250, 251):
            _reset(client)
            raise NotSent(f"the server refused the address {recipient} ({code} {_text(reply)})",
                          permanent=code >= 500)
        client.putcmd("data")
        code, reply = client.getreply()
        if code != 354:
            _reset(client)
            raise NotSent(f"the server would not take the message ({code} {_text(reply)})",
                          permanent=code >= 500)
    except (OSError, smtplib.SMTPServerDisconnected) as exc:
        # Nothing of the message itself was sent yet: safe to try again later.
        raise NotSent(f"the connection to the mail server was lost ({exc})", permanent=False,
                      connection_lost=True) from exc
    try:
        client.send(_as_data(message))
        code, reply = client.getreply()
    except (OSError, smtplib.SMTPServerDisconnected) as exc:
        raise Unconfirmed(
            f"the connection dropped after the message was sent and before the server "
            f"confirmed it ({exc}); it may have arrived, so it is not sent again") from exc
    if code != 250:
        raise NotSent(f"the server rejected the message ({code} {_text(reply)})",
                      permanent=code >= 500)


def deliver(config: Config, warehouse: Warehouse, now: datetime, *, send: bool,
            out_dir: Path | None = None) -> DeliveryReport:
    """Send (or write out) every queued message; see the module docstring for the states."""
    report = DeliveryReport()
    with warehouse.write() as con:
        report.interrupted = len(outbox.resolve_interrupted(
            con, now - STALE_SENDING_AFTER, INTERRUPTED_NOTE))
        waiting = outbox.queued(con)
    if not send:
        if out_dir is not None:
            report.written = write_eml(waiting, out_dir)
        return report
    if not waiting:
        return report
    if config.smtp is None:
        raise MailServerError(
            f"{len(waiting)} email(s) are ready but the configuration has no [smtp] section, "
            "so they cannot be sent. Add [smtp] (host, port, sender) to the config file, or "
            "run without --send to write them as .eml files.")
    try:
        client = open_smtp(config.smtp)
    except MailServerError as exc:
        _leave_queued(warehouse, waiting, str(exc), report)
        return report
    try:
        _send_all(config, warehouse, client, waiting, now, report)
    finally:
        _quietly_close(client)
    return report


def _send_all(config: Config, warehouse: Warehouse, client: smtplib.SMTP,
              waiting: list[dict[str, Any]], now: datetime, report: DeliveryReport) -> None:
    """Claim, hand over, record; one warehouse session per message.

    The outcome of message N is recorded in the same short session that
    claims message N+1 (the claim is what must be committed before a
    hand-over); the last outcome gets a session of its own.
    """
    assert config.smtp is not None
    cap = config.alerts.max_per_hour
    held: list[str] = []
    outcome: tuple[Callable[..., None], str, Any] | None = None
    unreached: list[dict[str, Any]] = []
    stop_reason = ""
    for index, row in enumerate(waiting):
        key = row["message_id"]
        with warehouse.write() as con:
            if outcome is not None:
                outcome[0](con, outcome[1], outcome[2])
                outcome = None
            if row["kind"] == "alert" and outbox.alerts_sent_since(
                    con, row["recipient"], now - CAP_WINDOW) >= cap:
                held.append(key)
                continue
            if not outbox.claim(con, key, now):
                continue  # another run took it
        try:
            hand_over(client, config.smtp.sender, row["recipient"], row["message"])
        except Unconfirmed as exc:
            outcome = (outbox.mark_unconfirmed, key, str(exc))
            report.unconfirmed += 1
            report.errors.append(f"{row['recipient']}: {exc}")
            unreached, stop_reason = waiting[index + 1:], str(exc)
            break
        except NotSent as exc:
            if exc.permanent:
                outcome = (outbox.mark_failed, key, str(exc))
                report.failed += 1
            else:
                outcome = (outbox.release, key, str(exc))
                report.retry_later += 1
            report.errors.append(f"{row['recipient']}: {exc}")
            if exc.connection_lost:
                unreached, stop_reason = waiting[index + 1:], str(exc)
                break
            continue
        outcome = (outbox.mark_sent, key, now)
        report.sent += 1
    with warehouse.write() as con:
        if outcome is not None:
            outcome[0](con, outcome[1], outcome[2])
        if held:
            outbox.set_note(con, held, (
                f"Held back: this address already had {cap} alerts or DSL notices in the last hour "
                "(the [alerts] max_per_hour limit). It stays queued and goes out on the next "
                "run; the case is also in the daily digest."))
    report.held = len(held)
    _leave_queued(warehouse, unreached, stop_reason, report)


def write_eml(rows: list[dict[str, Any]], out_dir: Path) -> int:
    """Write messages as ``.eml`` files (one per outbox row); returns how many."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for row in rows:
        (out_dir / eml_name(row["message_id"])).write_text(row["message"], encoding="utf-8")
    return len(rows)


def eml_name(message_id: str) -> str:
    """A file name for an outbox key: 'digest-2024-05-14-head_beechhill.example.eml'."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", message_id.replace(":", "-").replace("@", "_"))
    return f"{safe[:180]}.eml"


def _leave_queued(warehouse: Warehouse, rows: list[dict[str, Any]], error: str,
                  report: DeliveryReport) -> None:
    """Count a failed attempt on messages we could not even try; they stay queued."""
    if not rows:
        return
    message = f"{error} {len(rows)} email(s) stay queued and will be retried on the next run."
    with warehouse.write() as con:
        outbox.note_failed_attempt(con, [r["message_id"] for r in rows], error)
    report.retry_later += len(rows)
    report.errors.append(message)


def _as_data(message: str) -> bytes:
    """Message text as SMTP DATA: CRLF line ends, leading dots doubled, final dot line."""
    text = re.sub(r"\r\n|\r|\n", "\r\n", message)
    if not text.endswith("\r\n"):
        text += "\r\n"
    text = re.sub(r"(?m)^\.", "..", text)
    return text.encode("utf-8") + b".\r\n"


def _reset(client: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError, smtplib.SMTPException):
        client.rset()


def _quietly_close(client: smtplib.SMTP | None) -> None:
    if client is None:
        return
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
