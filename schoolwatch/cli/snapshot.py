"""``schoolwatch snapshot --out DIR``: a static HTML copy of the dashboard for governors.

(The lead wires ``schoolwatch export static`` to the same function,
:func:`dashboards.static_export.export`.)
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from schoolwatch.cli.common import add_config_option, config_from, status


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "snapshot", help="write a static HTML snapshot of the dashboard (for governors)",
        description="Write the inbox, overview and case pages as plain HTML files that open "
                    "without a server or login. Safeguarding details, pupils' names and "
                    "personal data are removed.")
    add_config_option(parser)
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dashboards.static_export import export

    config = config_from(args)
    index = export(config, Path(args.out), actor=f"cli:{getpass.getuser()}")
    status(f"Snapshot written: open {index} in a web browser.")
    return 0
