"""``schoolwatch corrections``: staff dismissals and label fixes as labelled training data.

(The lead may also expose this as ``schoolwatch export corrections``; both call
:func:`dashboards.corrections.export_corrections`.)
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from schoolwatch.cli.common import add_config_option, config_from, status


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "corrections", help="export staff corrections as labelled data (JSON Lines or CSV)",
        description="Write every dismissal and label correction made in the dashboard, one "
                    "post per line, so the classifier can be retrained on them.")
    add_config_option(parser)
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="file to write (default: standard output)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dashboards.corrections import export_corrections
    from warehouse import Warehouse

    config = config_from(args)
    warehouse = Warehouse(config.warehouse_path)
    actor = f"cli:{getpass.getuser()}"
    if args.output:
        path = Path(args.output)
        with path.open("w", encoding="utf-8", newline="") as handle:
            count = export_corrections(warehouse, handle, args.format, actor)
        status(f"Wrote {count} labelled post{'s' if count != 1 else ''} to {path}.")
    else:
        count = export_corrections(warehouse, sys.stdout, args.format, actor)
        status(f"Wrote {count} labelled post{'s' if count != 1 else ''}.")
    return 0
