"""``schoolwatch demo``: the whole nightly pipeline on the bundled, fictional demo corpus."""

from __future__ import annotations

import argparse
from pathlib import Path

from schoolwatch.cli.nightly import print_summary


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo", help="run the whole pipeline on the bundled demo data (no internet needed)",
        description="Serves a fictional corpus of posts, news articles and comment threads "
                    "about five school organisations on this computer only, runs the real "
                    "nightly pipeline against it, and leaves the warehouse, a dashboard "
                    "snapshot and the digest emails in --out.",
    )
    parser.add_argument("--out", metavar="DIR", default="demo-output",
                        help="where to put the results (default: ./demo-output)")
    parser.add_argument("--config", help=argparse.SUPPRESS)  # accepted for uniformity; unused
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from schoolwatch.demo.runner import run_demo

    result = run_demo(Path(args.out))
    print()
    print_summary(result.summary, send=False, out_dir=result.email_dir, send_hint=None)
    print()
    print("Where to look:")
    print(f"  Dashboard snapshot: {result.dashboard_path}")
    print(f"  Digest emails:      {result.email_dir} ({len(result.emails)} .eml files)")
    print(f"  Warehouse:          {result.warehouse_path}")
    print("  Browse it live:")
    print(f"    schoolwatch users add office --role office --all-schools "
          f"--config {result.config_path}")
    print(f"    schoolwatch serve --config {result.config_path}")
    return 0 if result.summary.get("status") != "failed" else 1
