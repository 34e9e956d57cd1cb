"""Dashboard login sessions, stored server-side so logout and expiry are real.

The browser holds a random token; the table holds its SHA-256, the user, an
absolute expiry and the last time it was used (for the idle timeout).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb

from warehouse._util import rows_as_dicts, utcnow


def create(con: duckdb.DuckDBPyConnection, token_hash: str, username: str,
           lifetime: timedelta, client_ip: str | None) -> None:
    """Store a new session that ends ``lifetime`` from now at the latest."""
    now = utcnow()
    con.execute("INSERT INTO web_sessions VALUES (?, ?, ?, ?, ?, ?)",
                [token_hash, username, now, now, now + lifetime, client_ip])


def lookup(con: duckdb.DuckDBPyConnection, token_hash: str, idle_limit: timedelta,
           now: datetime | None = None) -> dict[str, Any] | None:
    """The live session and its (enabled) user, or None if unknown, expired, idle or disabled."""
    now = now or utcnow()
    rows = rows_as_dicts(con.execute(
        """
        SELECT s.token_hash, s.username, s.created_at, s.last_seen_at, s.expires_at,
               u.role, u.schools
        FROM web_sessions s JOIN users u USING (username)
        WHERE s.token_hash = ? AND NOT u.disabled
          AND s.expires_at > ? AND s.last_seen_at > ?
        """, [token_hash, now, now - idle_limit]))
    return rows[0] if rows else None


def touch(con: duckdb.DuckDBPyConnection, token_hash: str) -> None:
    """Record that the session was just used (keeps the idle timer from running out)."""
    con.execute("UPDATE web_sessions SET last_seen_at = ? WHERE token_hash = ?",
                [utcnow(), token_hash])


def delete(con: duckdb.DuckDBPyConnection, token_hash: str) -> None:
    """End one session (logout)."""
    con.execute("DELETE FROM web_sessions WHERE token_hash = ?", [token_hash])


def delete_for_user(con: duckdb.DuckDBPyConnection, username: str) -> int:
    """End every session of a user (password change, account disabled)."""
    n = con.execute("SELECT count(*) FROM web_sessions WHERE username = ?",
                    [username]).fetchone()[0]
    con.execute("DELETE FROM web_sessions WHERE username = ?", [username])
    return n


def purge_expired(con: duckdb.DuckDBPyConnection, idle_limit: timedelta) -> None:
    """Forget sessions that can no longer be used."""
    now = utcnow()
    con.execute("DELETE FROM web_sessions WHERE expires_at <= ? OR last_seen_at <= ?",
                [now, now - idle_limit])
