"""``schoolwatch export``: mentions (JSON lines or CSV), a static dashboard, staff corrections."""

from __future__ import annotations

import argparse
import contextlib
import csv
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from schoolwatch.cli.common import add_config_option, config_from, status
from schoolwatch.errors import SchoolwatchError

MENTION_FIELDS = ("mention_id", "source", "kind", "url", "author", "title", "body",
                  "posted_at", "fetched_at", "content_sha256", "schools", "labels")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export mentions or a static dashboard")
    what = parser.add_subparsers(dest="what", metavar="WHAT", required=True)

    mentions = what.add_parser("mentions", help="matched mentions as JSON lines or CSV")
    add_config_option(mentions)
    mentions.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    mentions.add_argument("--school", metavar="ID", help="only this school's mentions")
    mentions.add_argument("--all", action="store_true",
                          help="include items that matched no school")
    mentions.add_argument("--output", "-o", metavar="FILE", help="write here (default: the screen)")
    mentions.set_defaults(handler=export_mentions)

    static = what.add_parser(
        "static", help="a static HTML snapshot for a governors' meeting",
        description="Write the inbox, overview and case pages as plain HTML files that open "
                    "without a server or login. Safeguarding details, pupils' names and "
                    "personal data are removed.")
    add_config_option(static)
    static.add_argument("--out", metavar="DIR", default="dashboard-snapshot",
                        help="folder to write into (default: ./dashboard-snapshot)")
    static.set_defaults(handler=export_static)

    corrections = what.add_parser(
        "corrections", help="staff dismissals and label fixes as labelled training data",
        description="Every dismissal and label correction made in the dashboard, one post per "
                    "line, so the classifier can be retrained on them.")
    add_config_option(corrections)
    corrections.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    corrections.add_argument("--output", "-o", metavar="FILE",
                             help="file to write (default: standard output)")
    corrections.set_defaults(handler=export_corrections)


def export_mentions(args: argparse.Namespace) -> int:
    config = config_from(args)
    from warehouse import Warehouse, audit, mentions

    known = [s.id for s in config.schools]
    if args.school is not None and args.school not in known:
        raise SchoolwatchError(f"There is no school with the id '{args.school}' in the "
                               f"configuration; the ids are: {', '.join(known)}.")

    wh = Warehouse(config.warehouse_path)
    with wh.read() as con:
        rows = mentions.export_rows(con, school_id=args.school, matched_only=not args.all)
    with wh.write() as con:
        audit.log(con, f"cli:{getpass.getuser()}", "export", "mentions", None,
                  {"format": args.format, "school": args.school, "rows": len(rows)})
    with contextlib.ExitStack() as stack:
        handle = (stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
                  if args.output else sys.stdout)
        write_rows(rows, args.format, handle)
    status(f"Exported {len(rows)} mentions" + (f" to {args.output}" if args.output else ""))
    return 0


def write_rows(rows: list[dict[str, Any]], fmt: str, handle: Any) -> None:
    """Write export rows as JSON lines or CSV (lists joined with ';')."""
    if fmt == "jsonl":
        for row in rows:
            handle.write(json.dumps({k: _plain(row.get(k)) for k in MENTION_FIELDS},
                                    ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(handle, fieldnames=MENTION_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(row.get(k)) for k in MENTION_FIELDS})


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    value = _plain(value)
    # Spreadsheet formula injection: post text is hostile input.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_static(args: argparse.Namespace) -> int:
    config = config_from(args)
    from dashboards.static_export import export

    index = export(config, Path(args.out), actor=f"cli:{getpass.getuser()}")
    status(f"Snapshot written: open {index} in a web browser.")
    return 0


def export_corrections(args: argparse.Namespace) -> int:
    config = config_from(args)
    from dashboards.corrections import export_corrections as write_corrections
    from warehouse import Warehouse

    warehouse = Warehouse(config.warehouse_path)
    actor = f"cli:{getpass.getuser()}"
    with contextlib.ExitStack() as stack:
        handle = (stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
                  if args.output else sys.stdout)
        count = write_corrections(warehouse, handle, args.format, actor)
    where = f" to {args.output}" if args.output else ""
    status(f"Wrote {count} labelled post{'s' if count != 1 else ''}{where}.")
    return 0
