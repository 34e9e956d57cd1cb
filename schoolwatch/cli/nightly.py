"""``schoolwatch nightly``: run the whole pipeline once, now."""

from __future__ import annotations

import argparse
from pathlib import Path

from schoolwatch.cli.common import add_config_option, config_from, status
from schoolwatch.cli.digest import send_command
from schoolwatch.cli.digest import summary as email_summary


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "nightly", help="run the nightly pipeline once, now",
        description="Collect new posts, match them to schools, classify, open cases and "
                    "send the digest: the same run the schedule starts every night.",
    )
    add_config_option(parser)
    parser.add_argument("--no-send", action="store_true",
                        help="prepare emails but do not send them")
    parser.add_argument("--eml-dir", metavar="DIR",
                        help="with --no-send, write the emails as .eml files here")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    from flows.environment import prepare_prefect

    prepare_prefect(config.warehouse_path.parent / "prefect")
    from flows.nightly import nightly_flow

    status(f"Nightly run for {len(config.schools)} schools "
           f"(warehouse: {config.warehouse_path})")
    summary = nightly_flow(str(config.path), send=not args.no_send, out_dir=args.eml_dir)
    print_summary(summary, send=not args.no_send,
                  out_dir=Path(args.eml_dir) if args.eml_dir else None,
                  send_hint=send_command(config.path))
    return exit_status(summary)


def exit_status(summary: dict) -> int:
    """1 when the run achieved nothing a school can rely on, so a scheduler notices.

    That is a failed run, or one in which no source worked at all; one broken
    source among working ones is reported but is not a failed night.
    """
    sources = summary.get("sources", [])
    nothing_collected = bool(sources) and not any(s["ok"] for s in sources)
    return 1 if summary.get("status") == "failed" or nothing_collected else 0


# What each stage does, in the words its progress line uses.
STAGE_NAMES = {
    "ingest": "Collecting posts",
    "match": "Matching items to schools",
    "classify": "Checking items for harmful content",
    "triage": "Turning flags into cases",
    "recheck": "Re-checking open cases",
    "retention": "Applying retention settings",
    "notify": "Preparing the digest and alerts",
}


def print_summary(summary: dict, *, send: bool, out_dir: Path | None,
                  send_hint: str | None = None) -> None:
    """Print the end-of-run summary stored by the flow, in an office's words."""
    sources = summary.get("sources", [])
    ok = [s for s in sources if s["ok"]]
    print(f"Run {summary['run_id']}: {summary['status'].replace('_', ' ')}.")
    print(f"  Sources: {len(ok)} of {len(sources)} worked, "
          f"{sum(s['new'] for s in sources)} new items.")
    earlier = summary.get("matched_earlier", 0)
    earlier_text = (f", plus {earlier} earlier replies whose thread's post arrived now"
                    if earlier else "")
    # looked_at counts a story that arrived from several sources once.
    print(f"  Checked {summary['looked_at']} new items (a story found in several places "
          f"counts once): {summary['matched']} are about your schools{earlier_text}; "
          f"{summary['classified']} checked for harmful content.")
    print(f"  Cases: {summary['cases_opened']} opened, {summary['cases_updated']} updated.")
    notify = summary.get("notify") or {}
    if notify:
        first, *rest = email_summary(notify, send=send, out_dir=out_dir,
                                     send_hint=send_hint).splitlines()
        print(f"  Email: {first}")
        for line in rest:
            print(f"         {line}")
    for source in sources:
        if not source["ok"]:
            print(f"  ! {source['name']}: {source['error']}")
    for stage, error in summary.get("stage_errors", {}).items():
        print(f"  ! {STAGE_NAMES.get(stage, stage)} did not finish: {error}")
