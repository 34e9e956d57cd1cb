"""Export staff corrections (dismissals, label fixes) as labelled data for retraining.

One JSON object (or CSV row) per post: its text, the labels the model gave,
the labels staff say were wrong or missing, and the corrected ``labels``.
The export is audit-logged, since it carries post text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any

from warehouse import Warehouse, audit
from warehouse.corrections import correction_rows

FORMATS = ("jsonl", "csv")
CSV_LIST_SEPARATOR = "|"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def write_rows(rows: Iterable[dict[str, Any]], out: IO[str], fmt: str) -> int:
    """Write rows as JSON Lines or CSV; returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    count = 0
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        plain = {k: _plain(v) for k, v in row.items()}
        if fmt == "jsonl":
            out.write(json.dumps(plain, ensure_ascii=False) + "\n")
        else:
            flat = {k: CSV_LIST_SEPARATOR.join(v) if isinstance(v, list) else v
                    for k, v in plain.items()}
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow(flat)
        count += 1
    return count


def export_corrections(warehouse: Warehouse, out: IO[str], fmt: str = "jsonl",
                       actor: str = "cli") -> int:
    """Write every correction to ``out``; returns the number of rows."""
    with warehouse.read() as con:
        rows = correction_rows(con)
    buffer = io.StringIO()
    count = write_rows(rows, buffer, fmt)
    out.write(buffer.getvalue())
    with warehouse.write() as con:
        audit.log(con, actor, "exported_corrections", "corrections", None,
                  {"rows": count, "format": fmt})
    return count
