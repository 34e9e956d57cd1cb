"""Short, bounded warehouse use for web requests.

DuckDB lets one process hold the file, and then nobody else may open it. The
nightly flow is another process, so the dashboard must keep letting go.
Opening the file costs 50-100 ms of CPU here (DuckDB builds its catalogue),
and the first look-ups after opening reload indexes and data (300-400 ms on
a million mentions), far more than a page's queries. So the app keeps the
file open across requests that follow each other closely, within firm limits:

- a process that finds the file busy says so (``warehouse.waiting``): the
  dashboard lets go after the current request (or at once if idle) and does
  not reopen for up to ``yield_seconds`` while the marker is fresh, so the
  flow gets in within about one page load;
- it closes the file once no request has used it for ``idle_seconds`` (2 s);
- it never keeps it longer than ``hold_seconds`` (30 s) in a row, then pauses
  ``gap_seconds``: a bound even for programs that do not announce themselves;
- while the file is busy elsewhere, opening waits and retries
  (``warehouse.connect``), so pages simply load a little later.

``hold_seconds=0`` gives one open per request. Sessions inside this process
take turns (one lock): DuckDB refuses a second connection to one file with
different settings in the same process, and turns make that impossible.
"""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb

from warehouse import waiting
from warehouse.connection import begin, connect, finish

DEFAULT_WAIT_SECONDS = 20.0
_POLL_SECONDS = 0.05  # how often an idle holder looks for a waiting process


class WebWarehouse:
    """The warehouse as the web app uses it: one short transaction per request."""

    def __init__(self, path: Path, wait_seconds: float = DEFAULT_WAIT_SECONDS,
                 hold_seconds: float = 30.0, idle_seconds: float = 2.0,
                 gap_seconds: float = 0.25, yield_seconds: float = 2.0) -> None:
        self.path = path
        self.wait_seconds = wait_seconds
        self.hold_seconds = hold_seconds
        self.idle_seconds = idle_seconds
        self.gap_seconds = gap_seconds
        self.yield_seconds = yield_seconds
        self._turns = threading.Lock()
        self._stack: ExitStack | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened_at = 0.0
        self._last_used = 0.0
        self._free_until = 0.0  # after a forced release, do not reopen before this
        self._closer: threading.Thread | None = None
        self.opens = 0  # how many times the file was opened (for tests and benchmarks)
        self.yields = 0  # how many times it let go because another process was waiting
        atexit.register(self.close)

    @contextmanager
    def session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One short transaction (reads, audit entries, decisions), committed on success."""
        with self._turns:
            con = self._acquire()
            try:
                begin(con)
            except duckdb.Error:
                self._release(forced=False)  # a broken connection is never reused
                raise
            try:
                yield con
            except BaseException:
                self._end(con, commit=False)
                raise
            else:
                self._end(con, commit=True)
            finally:
                self._after_use()

    def _end(self, con: duckdb.DuckDBPyConnection, *, commit: bool) -> None:
        try:
            finish(con, commit=commit)
        except duckdb.Error:
            self._release(forced=False)
            raise

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Let go of the file and keep requests waiting while other code in this process
        opens it its own way (e.g. read-only), which DuckDB forbids alongside ours."""
        with self._turns:
            self._release(forced=False)
            yield

    def close(self) -> None:
        """Let go of the file now (shutdown, tests)."""
        with self._turns:
            self._release(forced=False)

    @property
    def is_open(self) -> bool:
        """Whether this process holds the file right now."""
        return self._con is not None

    # -- internals (called with self._turns held) ---------------------------
    def _acquire(self) -> duckdb.DuckDBPyConnection:
        if self._con is not None:
            return self._con
        pause = self._free_until - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        give_way_until = time.monotonic() + self.yield_seconds
        while waiting.someone_waiting(self.path) and time.monotonic() < give_way_until:
            time.sleep(0.02)  # another process asked for the file: let it go first
        stack = ExitStack()
        self._con = stack.enter_context(connect(self.path, timeout=self.wait_seconds))
        self._stack = stack
        self._opened_at = time.monotonic()
        self.opens += 1
        return self._con

    def _after_use(self) -> None:
        now = time.monotonic()
        self._last_used = now
        if self._con is None:
            return
        if waiting.someone_waiting(self.path):
            self.yields += 1
            self._release(forced=True)
        elif now - self._opened_at >= self.hold_seconds:
            self._release(forced=True)
        else:
            self._ensure_closer()

    def _release(self, forced: bool) -> None:
        stack, self._stack, self._con = self._stack, None, None
        if stack is not None:
            stack.close()
            if forced:
                self._free_until = time.monotonic() + self.gap_seconds

    def _ensure_closer(self) -> None:
        if self._closer is None or not self._closer.is_alive():
            self._closer = threading.Thread(target=self._close_when_idle,
                                            name="warehouse-idle-close", daemon=True)
            self._closer.start()

    def _close_when_idle(self) -> None:
        while True:
            with self._turns:
                if self._con is None:
                    return
                now = time.monotonic()
                idle_for = now - self._last_used
                held_for = now - self._opened_at
                if waiting.someone_waiting(self.path):
                    self.yields += 1
                    self._release(forced=True)
                    return
                if idle_for >= self.idle_seconds:
                    self._release(forced=False)
                    return
                if held_for >= self.hold_seconds:
                    self._release(forced=True)
                    return
                wait = min(self.idle_seconds - idle_for, self.hold_seconds - held_for,
                           _POLL_SECONDS)
            time.sleep(max(wait, 0.01))
