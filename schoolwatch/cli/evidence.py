"""``schoolwatch evidence CASE_ID --out DIR``: write a case's evidence pack (one HTML file)."""

from __future__ import annotations

import argparse
import getpass

from schoolwatch.cli.common import add_config_option, config_from, status


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``evidence`` command."""
    parser = subparsers.add_parser(
        "evidence", help="write a case's evidence pack (HTML with hashes and custody log)",
        description="Write one self-contained HTML evidence pack for a case: the posts as "
                    "captured, their hashes, the recommendation and the policy clause, the "
                    "deletion-watch history and the chain of custody. The export is logged.")
    parser.add_argument("case_id", metavar="CASE_ID", help="the case id shown on the case page")
    parser.add_argument("--out", metavar="DIR", default=".",
                        help="folder to write the pack into (default: current folder)")
    parser.add_argument("--actor", metavar="NAME",
                        help="who is exporting, for the audit log (default: your login name)")
    add_config_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the pack and print where it is."""
    from dashboards.evidence import write_evidence_pack
    from warehouse import Warehouse

    config = config_from(args)
    actor = args.actor or f"cli:{_login_name()}"
    status(f"Writing the evidence pack for case {args.case_id}...")
    path = write_evidence_pack(config, Warehouse(config.warehouse_path), args.case_id,
                               args.out, actor)
    print(path)
    return 0


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
