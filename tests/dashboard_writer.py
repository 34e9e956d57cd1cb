"""A stand-in for the nightly flow, run as a separate PROCESS by the locking tests.

It writes to the warehouse in short bursts (open, insert, hold briefly,
commit, close, pause) for a while and prints one JSON line: bursts done,
longest wait to get the file, and any error.

    python -m tests.dashboard_writer WAREHOUSE SECONDS HOLD_MS PAUSE_MS TIMEOUT_S
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from datetime import UTC, datetime

from schoolwatch.domain import RawItem
from warehouse import Warehouse, mentions


def main(argv: list[str]) -> int:
    path, seconds, hold_ms, pause_ms, timeout = (argv[0], float(argv[1]), float(argv[2]),
                                                 float(argv[3]), float(argv[4]))
    warehouse = Warehouse(path, timeout=timeout)
    deadline = time.monotonic() + seconds
    bursts, longest_wait, error = 0, 0.0, None
    try:
        while time.monotonic() < deadline:
            asked = time.monotonic()
            with warehouse.write() as con:
                longest_wait = max(longest_wait, time.monotonic() - asked)
                mentions.insert_raw(con, [RawItem(
                    source="feed", source_key="feed:writer", external_id=f"w-{bursts}",
                    kind="article", url=f"https://writer.example/{bursts}",
                    text=f"burst {bursts}", fetched_at=datetime.now(UTC))])
                time.sleep(hold_ms / 1000)
            bursts += 1
            time.sleep(pause_ms / 1000)
    except Exception as exc:  # reported to the test, which fails with the reason
        error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
    print(json.dumps({"bursts": bursts, "longest_wait": round(longest_wait, 3),
                      "error": error}), flush=True)
    return 0 if error is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
