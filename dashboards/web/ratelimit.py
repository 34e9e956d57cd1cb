"""Login rate limiting: a few failures per username and address, then a pause.

Kept in memory: the dashboard is one process, and a restart clearing the
counters is acceptable. Limits per (username, address) slow down guessing one
account; a wider per-address limit slows down trying many accounts.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class LoginRateLimiter:
    """Counts failed logins in a sliding window."""

    def __init__(self, max_failures: int = 5, window_seconds: float = 900.0,
                 max_failures_per_address: int = 50,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self.max_per_address = max_failures_per_address
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._per_address: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, times: deque[float] | None) -> deque[float]:
        if times is None:
            return deque()
        cutoff = self.clock() - self.window
        while times and times[0] <= cutoff:
            times.popleft()
        return times

    def retry_after(self, username: str, address: str) -> float:
        """Seconds until another attempt is allowed (0: allowed now)."""
        key = (username.strip().lower(), address)
        with self._lock:
            waits = []
            per_user = self._recent(self._failures.get(key))
            if len(per_user) >= self.max_failures:
                waits.append(per_user[0] + self.window - self.clock())
            per_address = self._recent(self._per_address.get(address))
            if len(per_address) >= self.max_per_address:
                waits.append(per_address[0] + self.window - self.clock())
            return max(waits, default=0.0)

    def failed(self, username: str, address: str) -> None:
        """Count one failed attempt."""
        now = self.clock()
        with self._lock:
            self._failures.setdefault((username.strip().lower(), address), deque()).append(now)
            self._per_address.setdefault(address, deque()).append(now)

    def succeeded(self, username: str, address: str) -> None:
        """Forget this account's failures from this address after a good login."""
        with self._lock:
            self._failures.pop((username.strip().lower(), address), None)
