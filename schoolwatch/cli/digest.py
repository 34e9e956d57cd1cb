"""``schoolwatch digest``: render the daily digest and urgent alerts, then send or preview them.

Without ``--send`` nothing is emailed: the messages are written as ``.eml``
files (open them in any mail program) and stay queued, so a later
``--send`` the same day sends exactly what was previewed.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from schoolwatch.cli.common import add_config_option, config_from, status

DEFAULT_PREVIEW_DIR = Path("outbox-preview")


def register(subparsers: Any) -> None:
    """Add the ``digest`` command."""
    parser = subparsers.add_parser(
        "digest", help="send (or preview) the daily digest and urgent alerts",
        description="Render today's digest emails and any urgent alerts into the outbox, "
                    "then send them with --send, or write them as .eml files to preview.")
    add_config_option(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--send", action="store_true",
                      help="send queued emails through the [smtp] mail server")
    mode.add_argument("--dry-run", action="store_true",
                      help="do not send; write .eml files instead (the default)")
    parser.add_argument("--out", metavar="DIR", type=Path, default=DEFAULT_PREVIEW_DIR,
                        help=f"where .eml previews go without --send (default: "
                             f"./{DEFAULT_PREVIEW_DIR})")
    parser.add_argument("--date", metavar="YYYY-MM-DD", type=_parse_date, default=None,
                        help="render the digest for this day instead of today (without "
                             "--send, another day's digest is only written as a preview)")
    parser.add_argument("--alerts-only", action="store_true",
                        help="only urgent alerts, no digest (for an hourly schedule)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Queue, then send or preview; print what happened. Exit 1 if anything is left failing."""
    from dashboards.notify import run_notify  # heavy imports only when the command runs
    from warehouse import Warehouse, outbox

    config = config_from(args)
    warehouse = Warehouse(config.warehouse_path)
    send = bool(args.send)
    status("Preparing emails..." if not send else "Preparing and sending emails...")
    result = run_notify(config, warehouse, send=send, out_dir=None if send else args.out,
                        digest_date=args.date, include_digests=not args.alerts_only)
    with warehouse.read() as con:
        recent = outbox.list_messages(con, limit=50)
    print(summary(result, send=send, out_dir=args.out,
                  send_hint=send_command(Path(args.config) if args.config else None)))
    if recent:
        print("\nLatest emails:")
        for row in recent[:20]:
            extra = f"  ({row['note'] or row['last_error']})" if (
                row["status"] != "sent" and (row["note"] or row["last_error"])) else ""
            print(f"  {row['status']:<11} {row['recipient']:<34} {row['subject']}{extra}")
    return 1 if send and (result["failed"] or result["retry_later"]) else 0


def send_command(config_path: Path | None) -> str:
    """The command that sends what a preview left waiting, for this configuration."""
    return "schoolwatch digest --send" + (f" --config {config_path}" if config_path else "")


def summary(result: dict[str, Any], *, send: bool, out_dir: Path | None,
            send_hint: str | None = "schoolwatch digest --send") -> str:
    """The few lines a person needs: what was prepared, what was sent, what went wrong.

    ``send_hint`` is the command that would send what waits (None: say nothing,
    as in the demo, whose emails are only ever written to files).
    """
    result = {**EMPTY_RESULT, **result}  # a summary stored by an older release may lack keys
    notices = result.get("notices", 0)
    # Counted in emails: one urgent case alerts each of its readers (head, DSL...).
    total = result["alerts"] + result["digests"]
    lines = [f"Prepared {total} new email(s): {result['alerts'] - notices} urgent alert(s), "
             f"{notices} DSL notice(s) and {result['digests']} digest(s)."]
    if result["digests_previewed"]:
        lines.append(f"{result['digests_previewed']} digest(s) for the day you chose were "
                     "written for reading only; they are not queued and will not be sent.")
    if result["quiet_skipped"]:
        lines.append(f"{result['quiet_skipped']} quiet digest(s) not sent (the school turned "
                     "quiet-day digests off).")
    if send:
        lines.append(f"Sent {result['sent']}; {result['pending']} still waiting to go.")
    else:
        wrote = (f" Wrote {result['written']} .eml file(s) to {out_dir}/ (every email "
                 "waiting to be sent, and any look-back digests)." if out_dir is not None
                 else "")
        waiting = (f" {result['pending']} email(s) wait for `{send_hint}`."
                   if send_hint and result["pending"] else "")
        lines.append(f"Nothing was emailed (preview).{wrote}{waiting}")
    if result["held"]:
        lines.append(f"{result['held']} alert(s) held back by the hourly limit; they go out on "
                     "the next run.")
    if result["failed"]:
        lines.append(f"{result['failed']} email(s) were refused by the mail server and will not "
                     "be retried; check the addresses in the config.")
    if result["unconfirmed"] or result["interrupted"]:
        count = result["unconfirmed"] + result["interrupted"]
        lines.append(f"{count} email(s) may or may not have arrived (the connection or the "
                     "program stopped mid-send); they are not sent twice.")
    lines.extend(f"Problem: {error}" for error in result["errors"])
    return "\n".join(lines)


EMPTY_RESULT: dict[str, Any] = {
    "alerts": 0, "notices": 0, "digests": 0, "digests_previewed": 0, "quiet_skipped": 0,
    "sent": 0, "pending": 0, "written": 0, "held": 0, "failed": 0, "unconfirmed": 0,
    "interrupted": 0, "errors": [],
}


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-05-14") from None
