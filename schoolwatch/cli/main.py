"""Entry point of the ``schoolwatch`` command: discovers commands and reports errors plainly."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
import warnings
from collections.abc import Sequence

import schoolwatch.cli as cli_package
from schoolwatch import __version__
from schoolwatch.errors import SchoolwatchError

# Shown first in --help; other discovered commands follow alphabetically.
PREFERRED_ORDER = ("demo", "nightly", "schedule", "classify", "train", "export", "serve",
                   "users", "digest")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every discovered command registered."""
    parser = argparse.ArgumentParser(
        prog="schoolwatch",
        description="Watch public posts about your schools and flag what needs a human.",
    )
    parser.add_argument("--version", action="version", version=f"schoolwatch {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show detailed logs")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = [m.name for m in pkgutil.iter_modules(cli_package.__path__)
             if not m.name.startswith("_") and m.name not in ("main", "common")]
    ordered = sorted(names, key=lambda n: (PREFERRED_ORDER.index(n)
                                           if n in PREFERRED_ORDER else len(PREFERRED_ORDER), n))
    for name in ordered:
        module = importlib.import_module(f"schoolwatch.cli.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def plain_warning(message: Warning | str, category: type[Warning], filename: str,
                  lineno: int, line: str | None = None) -> str:
    """A warning as a person should read it: no Python file, line number or class name."""
    return f"Warning: {message}\n"


PRIVATE_UMASK = 0o027


def keep_files_private() -> None:
    """Files schoolwatch writes (the warehouse, evidence packs, emails, exports) hold
    personal data: never readable by other users of this computer (group may read)."""
    current = os.umask(PRIVATE_UMASK)
    os.umask(current | PRIVATE_UMASK)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    keep_files_private()
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        warnings.filterwarnings("ignore", category=DeprecationWarning)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    formatter = warnings.formatwarning
    if not args.verbose:
        warnings.formatwarning = plain_warning
    try:
        return int(handler(args) or 0)
    except SchoolwatchError as exc:
        print(f"schoolwatch: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("schoolwatch: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os._exit(0)
    finally:
        warnings.formatwarning = formatter


if __name__ == "__main__":
    sys.exit(main())
