"""The outbox: every email rendered, waiting, being sent, sent or given up on.

``message_id`` is the idempotency key (``digest:<date>:<recipient>``,
``alert:<case_id>:<recipient>``): enqueuing the same key twice keeps the
first, so a rerun never renders or sends a message twice.

A message moves ``queued -> sending -> sent``. ``claim`` commits the move to
``sending`` *before* the message is handed to the mail server; a row found
still ``sending`` later means the process died in between, and
``resolve_interrupted`` turns it into ``unconfirmed`` instead of sending it
again. Transient failures put the row back to ``queued`` with the attempt
counted and the error kept; permanent ones (the server refused the address)
make it ``failed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import duckdb

from warehouse._util import rows_as_dicts

STATUSES: tuple[str, ...] = ("queued", "sending", "sent", "unconfirmed", "failed")


def enqueue(con: duckdb.DuckDBPyConnection, *, message_id: str, kind: str, recipient: str,
            subject: str, message: str, created_at: datetime, case_id: str | None = None,
            digest_date: date | None = None) -> bool:
    """Store a rendered message unless its key is already there; True when stored now."""
    inserted = con.execute(
        "INSERT INTO outbox (message_id, kind, recipient, subject, message, case_id, status,"
        " attempts, created_at, digest_date) VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)"
        " ON CONFLICT DO NOTHING RETURNING message_id",
        [message_id, kind, recipient, subject, message, case_id, created_at, digest_date],
    ).fetchall()
    return bool(inserted)


def existing_ids(con: duckdb.DuckDBPyConnection, message_ids: Sequence[str]) -> set[str]:
    """Which of these keys are already in the outbox (in any status)."""
    if not message_ids:
        return set()
    return {row[0] for row in con.execute(
        "SELECT message_id FROM outbox WHERE message_id IN (SELECT unnest(?))",
        [list(message_ids)]).fetchall()}


def get(con: duckdb.DuckDBPyConnection, message_id: str) -> dict[str, Any] | None:
    """One outbox row, or None."""
    rows = rows_as_dicts(con.execute("SELECT * FROM outbox WHERE message_id = ?", [message_id]))
    return rows[0] if rows else None


def queued(con: duckdb.DuckDBPyConnection, limit: int = 10_000) -> list[dict[str, Any]]:
    """Messages waiting to go: alerts first (they are the reason to send at once), oldest first."""
    return rows_as_dicts(con.execute(
        "SELECT * FROM outbox WHERE status = 'queued'"
        " ORDER BY CASE kind WHEN 'alert' THEN 0 ELSE 1 END, created_at, message_id LIMIT ?",
        [limit]))


def list_messages(con: duckdb.DuckDBPyConnection, statuses: Sequence[str] | None = None,
                  limit: int = 1000) -> list[dict[str, Any]]:
    """Outbox rows (newest first), optionally only some statuses; for summaries and tests."""
    return rows_as_dicts(con.execute(
        "SELECT message_id, kind, recipient, subject, case_id, status, attempts, last_error,"
        " note, created_at, claimed_at, sent_at, digest_date FROM outbox"
        " WHERE (? IS NULL OR status IN (SELECT unnest(?)))"
        " ORDER BY created_at DESC, message_id LIMIT ?",
        [statuses, statuses, limit]))


def status_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many messages are in each status."""
    return {row[0]: row[1] for row in con.execute(
        "SELECT status, count(*) FROM outbox GROUP BY status").fetchall()}


def claim(con: duckdb.DuckDBPyConnection, message_id: str, now: datetime) -> bool:
    """Move a queued message to 'sending' and count the attempt; False if someone else has it.

    Commit this on its own before handing the message to the mail server.
    """
    return bool(con.execute(
        "UPDATE outbox SET status = 'sending', claimed_at = ?, attempts = attempts + 1"
        " WHERE message_id = ? AND status = 'queued' RETURNING message_id",
        [now, message_id]).fetchall())


def mark_sent(con: duckdb.DuckDBPyConnection, message_id: str, now: datetime) -> None:
    """The mail server accepted the message."""
    con.execute(
        "UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL, note = NULL"
        " WHERE message_id = ? AND status IN ('sending', 'unconfirmed')",
        [now, message_id])


def release(con: duckdb.DuckDBPyConnection, message_id: str, error: str) -> None:
    """Put a claimed message back in the queue after a failure that a retry may fix."""
    con.execute(
        "UPDATE outbox SET status = 'queued', claimed_at = NULL, last_error = ?"
        " WHERE message_id = ? AND status = 'sending'", [error[:2000], message_id])


def mark_failed(con: duckdb.DuckDBPyConnection, message_id: str, error: str) -> None:
    """Give up on a message the server refused for good (e.g. an unknown address)."""
    con.execute(
        "UPDATE outbox SET status = 'failed', last_error = ?"
        " WHERE message_id = ? AND status IN ('queued', 'sending')", [error[:2000], message_id])


def mark_unconfirmed(con: duckdb.DuckDBPyConnection, message_id: str, error: str) -> None:
    """The message may have reached the server but we never heard back: do not send again."""
    con.execute(
        "UPDATE outbox SET status = 'unconfirmed', last_error = ?"
        " WHERE message_id = ? AND status = 'sending'", [error[:2000], message_id])


def note_failed_attempt(con: duckdb.DuckDBPyConnection, message_ids: Sequence[str],
                        error: str) -> None:
    """Count an attempt that never got as far as a claim (the server was unreachable)."""
    if message_ids:
        con.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?"
            " WHERE message_id IN (SELECT unnest(?)) AND status = 'queued'",
            [error[:2000], list(message_ids)])


def set_note(con: duckdb.DuckDBPyConnection, message_ids: Sequence[str], note: str | None) -> None:
    """Attach (or clear) a note on queued messages, e.g. why they were held back."""
    if message_ids:
        con.execute("UPDATE outbox SET note = ? WHERE message_id IN (SELECT unnest(?))",
                    [note, list(message_ids)])


def resolve_interrupted(con: duckdb.DuckDBPyConnection, claimed_before: datetime,
                        reason: str) -> list[str]:
    """Turn rows left in 'sending' (claimed before the cut-off) into 'unconfirmed'.

    Returns their keys. Rows claimed after the cut-off may belong to a run
    that is still sending and are left alone.
    """
    return [row[0] for row in con.execute(
        "UPDATE outbox SET status = 'unconfirmed', last_error = ?"
        " WHERE status = 'sending' AND (claimed_at IS NULL OR claimed_at < ?)"
        " RETURNING message_id",
        [reason, claimed_before]).fetchall()]


def alerts_sent_since(con: duckdb.DuckDBPyConnection, recipient: str, since: datetime) -> int:
    """Alerts handed to the mail server for this recipient since ``since`` (for the hourly cap).

    Messages being sent or unconfirmed count too: they may have arrived.
    """
    return con.execute(
        "SELECT count(*) FROM outbox WHERE kind = 'alert' AND recipient = ?"
        " AND status IN ('sending', 'sent', 'unconfirmed')"
        " AND coalesce(sent_at, claimed_at) >= ?", [recipient, since]).fetchone()[0]
