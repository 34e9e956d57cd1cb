"""A courtesy signal between processes sharing the warehouse file.

DuckDB gives a waiting process no way to say "I need the file". While
:func:`warehouse.connection.connect` retries on a busy file it touches a small
marker beside the warehouse (``<file>.waiting``); a long-running holder (the
dashboard) checks :func:`someone_waiting` between requests and lets go at
once. The marker is removed when the waiter gets in; a stale one (its owner
died) stops counting after a few seconds.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

# A marker older than this is ignored (a waiter touches it on every retry).
FRESH_SECONDS = 3.0


def marker_path(warehouse_path: str | os.PathLike[str]) -> Path:
    """Where the marker for this warehouse file lives."""
    path = Path(warehouse_path)
    return path.with_name(path.name + ".waiting")


def announce(warehouse_path: str | os.PathLike[str]) -> None:
    """Say that this process is waiting for the file (create or refresh the marker)."""
    marker = marker_path(warehouse_path)
    with contextlib.suppress(OSError):
        marker.touch()
        os.utime(marker)


def withdraw(warehouse_path: str | os.PathLike[str]) -> None:
    """Remove the marker once the file was obtained."""
    with contextlib.suppress(OSError):
        marker_path(warehouse_path).unlink()


def someone_waiting(warehouse_path: str | os.PathLike[str],
                    fresh_seconds: float = FRESH_SECONDS) -> bool:
    """Whether another process is waiting for the file right now."""
    try:
        age = time.time() - marker_path(warehouse_path).stat().st_mtime
    except OSError:
        return False
    return age <= fresh_seconds
