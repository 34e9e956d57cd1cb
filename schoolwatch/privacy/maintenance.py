"""Privacy work run outside the nightly flow: retention on demand, holds, audit export.

Each function opens the warehouse for one short session (see the one-writer
rule in docs/architecture.md) and returns plain data for the CLI to print.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

from schoolwatch.config import Config
from schoolwatch.privacy.keys import load_secret_key
from warehouse import Warehouse, audit, holds
from warehouse.retention import apply_retention

AUDIT_FIELDS = ("audit_id", "logged_at", "actor", "action", "object_type", "object_id",
                "detail")


def run_retention(config: Config, *, now: datetime | None = None, dry_run: bool = False,
                  environ: Mapping[str, str] | None = None) -> dict[str, int]:
    """Apply retention now; with ``dry_run`` count what is due and change nothing."""
    key = load_secret_key(config.warehouse_path, environ)
    now = now or datetime.now(UTC)
    warehouse = Warehouse(config.warehouse_path)
    with warehouse.dry_run() if dry_run else warehouse.write() as con:
        return apply_retention(con, config, now, key=key)


def place_hold(config: Config, object_type: str, object_id: str, reason: str,
               actor: str) -> str:
    """Put a case or mention on hold; returns the hold id."""
    with Warehouse(config.warehouse_path).write() as con:
        return holds.place(con, object_type, object_id, reason, actor)


def release_hold(config: Config, object_type: str, object_id: str, reason: str,
                 actor: str) -> int:
    """Release the holds on a case or mention; returns how many were released."""
    with Warehouse(config.warehouse_path).write() as con:
        return holds.release(con, object_type, object_id, actor, reason)


def list_holds(config: Config) -> list[dict[str, Any]]:
    """Holds in force."""
    with Warehouse(config.warehouse_path).read() as con:
        return holds.active_holds(con)


def export_audit(config: Config, fmt: str, handle: TextIO, actor: str) -> int:
    """Write the whole audit log as JSON lines or CSV; the export itself is logged."""
    wh = Warehouse(config.warehouse_path)
    with wh.write() as con:
        rows = audit.export_rows(con)
        audit.log(con, actor, "audit.export", "audit_log", None,
                  {"format": fmt, "entries": len(rows)})
    if fmt == "jsonl":
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, default=_iso) + "\n")
    else:
        writer = csv.DictWriter(handle, fieldnames=AUDIT_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "logged_at": _iso(row["logged_at"]),
                             "detail": json.dumps(row["detail"], ensure_ascii=False,
                                                  sort_keys=True)})
    return len(rows)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else str(value)
