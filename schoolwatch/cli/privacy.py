"""``schoolwatch privacy``: subject access and erasure, holds, retention, audit export.

    schoolwatch privacy find   --handle u/example        what is held about an account
    schoolwatch privacy export --name "A Person" --out DIR   subject access pack
    schoolwatch privacy erase  --handle u/example --yes  erase it (held evidence is kept)
    schoolwatch privacy hold   --case ID --reason "police ref 123"
    schoolwatch privacy release --case ID --reason "complaint closed"
    schoolwatch privacy holds
    schoolwatch privacy retention [--dry-run]
    schoolwatch privacy audit-export --format jsonl|csv [--output FILE]

Handles and names typed here are never written to the audit log: entries use a
keyed reference instead (see docs/data-protection.md).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from schoolwatch.cli.common import add_config_option, config_from, status

if TYPE_CHECKING:
    from schoolwatch.privacy.subjects import SubjectRecord
    from warehouse import Warehouse


def _actor_default() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "privacy", help="subject access/erasure requests, evidence holds, retention, audit log")
    actions = parser.add_subparsers(dest="privacy_action", metavar="ACTION", required=True)

    def subject_command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help_text)
        add_config_option(sub)
        who = sub.add_mutually_exclusive_group(required=True)
        who.add_argument("--handle", help="an account name, e.g. u/example or @example")
        who.add_argument("--name", help="a person's name as it would appear in posts")
        sub.add_argument("--actor", default=_actor_default(),
                         help="who is handling the request (for the audit log)")
        return sub

    find = subject_command("find", "list everything held about a handle or a name")
    find.set_defaults(handler=find_command)
    export = subject_command("export", "write a subject access pack (JSON, HTML, CSV)")
    export.add_argument("--out", metavar="DIR", default="subject-access",
                        help="folder for the files (default: ./subject-access)")
    export.set_defaults(handler=export_command)
    erase = subject_command("erase", "erase what is held (evidence on hold is kept)")
    erase.add_argument("--yes", action="store_true",
                       help="really erase; without it, only show what would go")
    erase.set_defaults(handler=erase_command)

    for name, help_text, handler in (
        ("hold", "keep a case or post as evidence until released", hold_command),
        ("release", "release the hold on a case or post", release_command),
    ):
        sub = actions.add_parser(name, help=help_text)
        add_config_option(sub)
        target = sub.add_mutually_exclusive_group(required=True)
        target.add_argument("--case", metavar="ID",
                            help="a case id (shown at the top of the case page)")
        target.add_argument("--mention", metavar="ID",
                            help="one post's id (on the case page, under the post's 'Evidence "
                                 "and scores')")
        sub.add_argument("--reason", required=True, help="why (kept in the audit log)")
        sub.add_argument("--actor", default=_actor_default(),
                         help="who is doing this (for the audit log; default: your login)")
        sub.set_defaults(handler=handler)

    holds_list = actions.add_parser("holds", help="list evidence holds in force")
    add_config_option(holds_list)
    holds_list.set_defaults(handler=holds_command)

    retention = actions.add_parser("retention", help="apply the retention settings now")
    add_config_option(retention)
    retention.add_argument("--dry-run", action="store_true",
                           help="only count what is due; change nothing")
    retention.set_defaults(handler=retention_command)

    audit_export = actions.add_parser("audit-export", help="export the audit log")
    add_config_option(audit_export)
    audit_export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                              help="jsonl (one record a line, the default) or csv (for a "
                                   "spreadsheet)")
    audit_export.add_argument("--output", "-o", metavar="FILE",
                              help="write here (default: the screen)")
    audit_export.add_argument("--actor", default=_actor_default(),
                              help="who is exporting it (for the audit log; default: your "
                                   "login)")
    audit_export.set_defaults(handler=audit_export_command)


def _open(args: argparse.Namespace) -> tuple[bytes, Warehouse]:
    """The install's secret key and the warehouse named by the config."""
    from schoolwatch.privacy.keys import load_secret_key
    from warehouse import Warehouse

    config = config_from(args)
    return load_secret_key(config.warehouse_path), Warehouse(config.warehouse_path)


def _print_counts(counts: dict[str, int]) -> None:
    for label, value in counts.items():
        print(f"  {label.replace('_', ' ')}: {value}")


def find_command(args: argparse.Namespace) -> int:
    from schoolwatch.privacy.subjects import find_subject

    key, wh = _open(args)
    with wh.write() as con:
        record = find_subject(con, key, handle=args.handle, name=args.name, actor=args.actor)
    print(f"Subject {record.reference}:")
    _print_record(record)
    return 0


def _print_record(record: SubjectRecord) -> None:
    _print_counts(record.counts())
    for mention in record.authored:
        print(f"  post by them    {mention['mention_id']}  {mention['url']}")
    for mention in record.named_in:
        print(f"  post naming them {mention['mention_id']}  {mention['url']}")
    for case in record.cases:
        print(f"  case {case['case_id']}  {case['school_id']}  {case['status']}"
              + ("  (on legal hold)" if case["legal_hold"] else ""))
    for school in record.roster_schools:
        print(f"  on the pupil roster of {school}")


def export_command(args: argparse.Namespace) -> int:
    from schoolwatch.privacy.subjects import export_subject, find_subject

    key, wh = _open(args)
    with wh.write() as con:
        # With the config, emails are described by who received them ("the DSL of ...").
        record = find_subject(con, key, handle=args.handle, name=args.name, actor=args.actor,
                              config=config_from(args))
        paths = export_subject(con, record, Path(args.out), actor=args.actor)
    _print_counts(record.counts())
    for path in paths:
        print(path)
    status("The files hold personal data: send them securely and delete your copy after.")
    return 0


def erase_command(args: argparse.Namespace) -> int:
    from schoolwatch.privacy.subjects import erase_subject, find_subject

    key, wh = _open(args)
    with wh.write() as con:
        record = find_subject(con, key, handle=args.handle, name=args.name, actor=args.actor)
        if not args.yes:
            print(f"Subject {record.reference}: this would erase")
            _print_record(record)
            print("Nothing was changed. Put anything the school must keep (an open complaint, "
                  "a police matter) on hold first with `schoolwatch privacy hold`, then run "
                  "again with --yes to erase.")
            return 0
        report = erase_subject(con, record, actor=args.actor)
    print(f"Erased for {report['reference']}:")
    _print_counts(report["deleted"])
    if report["withheld"]:
        print("Kept, and why:")
        for item in report["withheld"]:
            print(f"  {item['kind']} {item['id']}: {item['reason']}")
    return 0


def hold_command(args: argparse.Namespace) -> int:
    from schoolwatch.privacy.maintenance import place_hold

    object_type, object_id = ("case", args.case) if args.case else ("mention", args.mention)
    hold_id = place_hold(config_from(args), object_type, object_id, args.reason, args.actor)
    print(f"Hold {hold_id} placed on {object_type} {object_id}. Retention and erasure will "
          "leave it alone until it is released.")
    return 0


def release_command(args: argparse.Namespace) -> int:
    from schoolwatch.privacy.maintenance import release_hold

    object_type, object_id = ("case", args.case) if args.case else ("mention", args.mention)
    released = release_hold(config_from(args), object_type, object_id, args.reason, args.actor)
    if not released:
        print(f"There was no hold on {object_type} {object_id}.")
        return 1
    print(f"Released the hold on {object_type} {object_id}; normal retention applies again.")
    return 0


def holds_command(args: argparse.Namespace) -> int:
    from schoolwatch.privacy.maintenance import list_holds

    rows = list_holds(config_from(args))
    if not rows:
        print("No evidence is on hold.")
    for row in rows:
        placed = f"by {row['placed_by']} on {row['placed_at']:%Y-%m-%d}" if row["placed_at"] \
            else ""
        print(f"{row['object_type']} {row['object_id']}: {row['reason']} {placed}".rstrip())
    return 0


def retention_command(args: argparse.Namespace) -> int:
    from schoolwatch.privacy.maintenance import run_retention

    counts = run_retention(config_from(args), dry_run=args.dry_run)
    print("Due now (nothing changed):" if args.dry_run else "Retention applied:")
    _print_counts(counts)
    return 0


def audit_export_command(args: argparse.Namespace) -> int:
    from schoolwatch.privacy.maintenance import export_audit

    config = config_from(args)
    with contextlib.ExitStack() as stack:
        handle = (stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
                  if args.output else sys.stdout)
        count = export_audit(config, args.format, handle, args.actor)
    status(f"Exported {count} audit entries" + (f" to {args.output}" if args.output else ""))
    return 0
