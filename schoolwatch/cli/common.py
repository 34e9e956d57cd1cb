"""Helpers shared by the CLI commands: the --config option and progress output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from schoolwatch.config import Config, load_config

T = TypeVar("T")


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """Every command takes --config (else $SCHOOLWATCH_CONFIG, else ./config.toml)."""
    parser.add_argument(
        "--config", metavar="FILE",
        help="configuration file (default: $SCHOOLWATCH_CONFIG or ./config.toml)",
    )


def config_from(args: argparse.Namespace) -> Config:
    """Load the configuration named by the command's arguments."""
    return load_config(getattr(args, "config", None))


def progress(items: Iterable[T], total: int | None, label: str) -> Iterator[T]:
    """Yield items while printing a one-line progress count to stderr (only on a terminal)."""
    show = sys.stderr.isatty()
    done = 0
    for item in items:
        yield item
        done += 1
        if show and (done % 50 == 0 or done == total):
            suffix = f"/{total}" if total else ""
            print(f"\r{label}: {done}{suffix}", end="", file=sys.stderr, flush=True)
    if show and done:
        print(file=sys.stderr)


def status(message: str) -> None:
    """A short progress line for long work (stderr, so stdout stays clean for data)."""
    print(message, file=sys.stderr, flush=True)
