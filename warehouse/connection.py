"""Open the DuckDB file briefly and safely, applying migrations on the way in.

DuckDB lets one process hold the file read-write, and while it does no other
process may open it at all. The nightly flow and the dashboard are separate
processes, so neither keeps a connection open: each opens, does a short piece
of work and closes. If the file is busy, :func:`connect` waits and retries
for up to ``timeout`` seconds instead of failing.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import duckdb

from schoolwatch.errors import SchoolwatchError
from warehouse import waiting
from warehouse.migrations import apply_migrations

DEFAULT_LOCK_TIMEOUT = float(os.environ.get("SCHOOLWATCH_LOCK_TIMEOUT", "60"))
_migrated: set[str] = set()
_migrate_lock = threading.Lock()


class WarehouseBusyError(SchoolwatchError):
    """Another program kept the warehouse file busy for too long."""


def _is_lock_error(exc: BaseException) -> bool:
    message = str(exc).lower()
    return "lock" in message and ("conflicting" in message or "could not set" in message)


def _is_mode_clash(exc: BaseException) -> bool:
    """Another thread of this process has the file open in the other mode (read-only vs not)."""
    return "different configuration than existing connections" in str(exc).lower()


def _is_handle_race(exc: BaseException) -> bool:
    """Another thread of this process is opening or closing the file at this very moment.

    DuckDB keeps one database instance per file per process; while one thread
    creates or tears it down, another thread's open fails with "Unique file
    handle conflict". It clears as soon as that thread is done.
    """
    return "unique file handle conflict" in str(exc).lower()


# Opening and closing a file's DuckDB instance from several threads at once races
# (see _is_handle_race); doing both under one lock per file avoids the race, and the
# retry in connect() covers any that slips through.
_open_close_locks: dict[str, threading.Lock] = {}
_open_close_guard = threading.Lock()


def _open_close_lock(target: str) -> threading.Lock:
    with _open_close_guard:
        return _open_close_locks.setdefault(target, threading.Lock())


def _open(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    config = {
        # The fts/httpfs extensions are not shipped and cannot be downloaded here.
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    con = duckdb.connect(path, read_only=read_only, config=config)
    con.execute("SET TimeZone = 'UTC'")
    return con


@contextmanager
def connect(
    path: str | os.PathLike[str],
    *,
    read_only: bool = False,
    timeout: float | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse for a short piece of work, then close it.

    Waits (with jittered backoff) while another process holds the file, or
    while another thread of this process reads it read-only and we want to
    write (DuckDB allows only one mode per file within a process).
    Migrations run the first time this process opens a given file read-write.
    """
    target = str(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        if read_only and not Path(target).exists():
            read_only = False  # nothing to read yet: create it with the schema
    deadline = time.monotonic() + (DEFAULT_LOCK_TIMEOUT if timeout is None else timeout)
    delay = 0.02
    announced = False
    guard = _open_close_lock(target if target == ":memory:" else str(Path(target).resolve()))
    while True:
        try:
            with guard:
                con = _open(target, read_only)
            break
        except duckdb.Error as exc:
            if _is_handle_race(exc):
                pass  # another thread here is opening or closing the file: try again shortly
            elif _is_mode_clash(exc):
                if read_only:
                    # A thread here already writes: reading through the same
                    # read-write instance is allowed and just as safe.
                    read_only = False
                    continue
                # A thread here is reading read-only: wait for it to finish.
            elif not _is_lock_error(exc):
                raise
            else:
                # Ask a long-running holder (the dashboard) to let go; see warehouse.waiting.
                waiting.announce(target)
                announced = True
            if time.monotonic() >= deadline:
                raise WarehouseBusyError(
                    f"The warehouse file {target} is in use by another schoolwatch program "
                    "and stayed busy. Try again in a minute; if it keeps happening, check "
                    "that no stuck 'schoolwatch' process is running."
                ) from exc
            time.sleep(delay + random.uniform(0, delay))  # noqa: S311 - jitter, not security
            delay = min(delay * 2, 0.5)
    if announced:
        waiting.withdraw(target)
    try:
        if not read_only:
            _ensure_migrated(con, target)
        yield con
    finally:
        with guard:
            con.close()


def _ensure_migrated(con: duckdb.DuckDBPyConnection, target: str) -> None:
    key = target if target == ":memory:" else str(Path(target).resolve())
    if key in _migrated and target != ":memory:":
        return
    with _migrate_lock:
        apply_migrations(con)
        if target != ":memory:":
            _migrated.add(key)


def begin(con: duckdb.DuckDBPyConnection) -> None:
    """Start a transaction (for code that manages its own connection, like the web app)."""
    con.execute("BEGIN TRANSACTION")


def finish(con: duckdb.DuckDBPyConnection, *, commit: bool) -> None:
    """End the transaction :func:`begin` started: keep its changes, or undo them."""
    con.execute("COMMIT" if commit else "ROLLBACK")


class Warehouse:
    """A handle on one warehouse file: a path plus :meth:`read`/:meth:`write` sessions."""

    def __init__(self, path: str | os.PathLike[str], timeout: float | None = None) -> None:
        self.path = Path(path)
        self.timeout = timeout

    def write(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A read-write session inside one transaction (committed on success)."""
        return self._transaction(keep=True)

    def dry_run(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A read-write session whose changes are always undone: "what would this do?"."""
        return self._transaction(keep=False)

    @contextmanager
    def _transaction(self, *, keep: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction: kept at the end if ``keep``, always undone on an error."""
        with connect(self.path, timeout=self.timeout) as con:
            begin(con)
            try:
                yield con
            except BaseException:
                finish(con, commit=False)
                raise
            finish(con, commit=keep)

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only session: other readers may share the file meanwhile."""
        self.ensure_schema()
        with connect(self.path, read_only=True, timeout=self.timeout) as con:
            yield con

    def ensure_schema(self) -> None:
        """Create the file and apply pending migrations (cheap after the first call)."""
        key = str(self.path.resolve())
        if key not in _migrated:
            with connect(self.path, timeout=self.timeout):
                pass
