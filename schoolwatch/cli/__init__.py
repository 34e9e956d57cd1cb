"""The ``schoolwatch`` command line.

Each command lives in its own module here and exposes
``register(subparsers) -> None``, which adds an ``argparse`` sub-parser and sets
``handler=fn`` where ``fn(args) -> int``. :mod:`schoolwatch.cli.main` discovers
the modules, so adding a command never means editing a shared file.
"""
