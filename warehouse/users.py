"""Dashboard accounts: who may log in, with which role and for which schools.

Passwords arrive here already hashed (see :mod:`dashboards.web.passwords`);
this module never sees a plain password.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from warehouse._util import rows_as_dicts, utcnow

# Stored in ``users.schools`` to mean "every school in the configuration".
ALL_SCHOOLS = "*"


def add(con: duckdb.DuckDBPyConnection, username: str, password_hash: str, role: str,
        schools: Sequence[str]) -> bool:
    """Create the account, or replace its password, role and schools. Returns True if new."""
    exists = con.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone()
    if exists:
        con.execute("UPDATE users SET password_hash = ?, role = ?, schools = ?, disabled = false"
                    " WHERE username = ?", [password_hash, role, list(schools), username])
        return False
    con.execute("INSERT INTO users (username, password_hash, role, schools, created_at)"
                " VALUES (?, ?, ?, ?, ?)", [username, password_hash, role, list(schools),
                                            utcnow()])
    return True


def get(con: duckdb.DuckDBPyConnection, username: str) -> dict[str, Any] | None:
    """One account (including its password hash), or None."""
    rows = rows_as_dicts(con.execute("SELECT * FROM users WHERE username = ?", [username]))
    return rows[0] if rows else None


def list_users(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every account without password hashes, by name."""
    return rows_as_dicts(con.execute(
        "SELECT username, role, schools, created_at, disabled FROM users ORDER BY username"))


def set_disabled(con: duckdb.DuckDBPyConnection, username: str, disabled: bool) -> bool:
    """Disable (or re-enable) an account; returns False if there is no such account."""
    found = con.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone()
    if not found:
        return False
    con.execute("UPDATE users SET disabled = ? WHERE username = ?", [disabled, username])
    return True
