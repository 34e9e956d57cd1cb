"""``schoolwatch users``: dashboard accounts (add, list, disable).

``users add NAME --role ROLE [--school ID ...]`` reads the password from
standard input (asked for twice on a terminal), so it never appears in the
shell history or the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from dashboards.web.permissions import ROLES
from schoolwatch.cli.common import add_config_option, config_from
from schoolwatch.config import Config
from schoolwatch.errors import SchoolwatchError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("users", help="manage dashboard accounts",
                                   description="Create, list and disable dashboard accounts.")
    add_config_option(parser)
    actions = parser.add_subparsers(dest="users_action", metavar="ACTION")
    add = actions.add_parser(
        "add", help="create an account (or reset its password, role and schools)",
        description="Create a dashboard account. The password is read from standard input.")
    add_config_option(add)
    add.add_argument("name", metavar="NAME", help="the login name, e.g. j.smith")
    add.add_argument("--role", required=True, choices=ROLES,
                     help="office: triage (safeguarding cases show only that they exist); "
                          "headteacher: everything for their schools; dsl: safeguarding; "
                          "trust: several schools, read-mostly")
    add.add_argument("--school", action="append", default=[], metavar="ID",
                     help="a school id (or trust id) this person may see; repeat for more")
    add.add_argument("--all-schools", action="store_true",
                     help="may see every school in the configuration")
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", help="show accounts")
    add_config_option(listing)
    listing.set_defaults(handler=run_list)
    disable = actions.add_parser("disable", help="stop an account logging in (ends its sessions)")
    add_config_option(disable)
    disable.add_argument("name", metavar="NAME")
    disable.set_defaults(handler=run_disable)
    parser.set_defaults(handler=lambda args: (parser.print_help(), 2)[1])


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Same password again: ") != first:
            raise SchoolwatchError("The two passwords differ; nothing was changed.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def resolve_schools(config: Config, requested: list[str], all_schools: bool) -> list[str]:
    """School ids for the account; trust ids expand to their schools."""
    from warehouse.users import ALL_SCHOOLS

    school_ids = [s.id for s in config.schools]
    trusts = {t.id: list(t.schools) for t in config.trusts}
    if all_schools:
        return [ALL_SCHOOLS]
    if not requested:
        if len(school_ids) == 1:
            return school_ids
        raise SchoolwatchError(
            "Say which schools this person may see: --school ID (repeat it for several; "
            f"ids: {', '.join(school_ids)}) or --all-schools.")
    chosen: list[str] = []
    for item in requested:
        if item in trusts:
            chosen.extend(trusts[item])
        elif item in school_ids:
            chosen.append(item)
        else:
            raise SchoolwatchError(
                f"There is no school or trust with id {item!r} in the configuration. "
                f"School ids: {', '.join(school_ids)}.")
    return sorted(set(chosen))


def run_add(args: argparse.Namespace) -> int:
    from dashboards.web.passwords import hash_password, password_problem
    from warehouse import Warehouse, audit, users, web_sessions

    config = config_from(args)
    name = args.name.strip()
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise SchoolwatchError("The name must be 1-64 characters without spaces, e.g. j.smith.")
    schools = resolve_schools(config, args.school, args.all_schools)
    password = _read_password()
    problem = password_problem(password)
    if problem:
        raise SchoolwatchError(f"Not saved: {problem}")
    hashed = hash_password(password)
    with Warehouse(config.warehouse_path).write() as con:
        created = users.add(con, name, hashed, args.role, schools)
        if not created:
            web_sessions.delete_for_user(con, name)  # a reset logs the old sessions out
        audit.log(con, f"cli:{getpass.getuser()}", "user_added" if created else "user_updated",
                  "user", name, {"role": args.role, "schools": schools})
    verb = "Created" if created else "Updated"
    print(f"{verb} {name} ({args.role}; schools: {', '.join(schools)}).")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from warehouse import Warehouse, users

    config = config_from(args)
    with Warehouse(config.warehouse_path).read() as con:
        accounts = users.list_users(con)
    if not accounts:
        print("No accounts yet. Create one with: schoolwatch users add NAME --role ROLE "
              "--school ID")
    for account in accounts:
        state = " (disabled)" if account["disabled"] else ""
        print(f"{account['username']:24} {account['role']:12} "
              f"{', '.join(account['schools'])}{state}")
    return 0


def run_disable(args: argparse.Namespace) -> int:
    from warehouse import Warehouse, audit, users, web_sessions

    config = config_from(args)
    with Warehouse(config.warehouse_path).write() as con:
        if not users.set_disabled(con, args.name, True):
            raise SchoolwatchError(f"There is no account called {args.name!r}.")
        web_sessions.delete_for_user(con, args.name)
        audit.log(con, f"cli:{getpass.getuser()}", "user_disabled", "user", args.name)
    print(f"Disabled {args.name}; their open sessions have ended.")
    return 0
