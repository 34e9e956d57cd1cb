"""Prefect settings that must be in place before ``prefect`` is first imported.

Prefect reads its settings from the environment at import time, so every
entry point that runs a flow calls :func:`prepare_prefect` first. Analytics
are switched off: schoolwatch talks to no one but the sources it watches.
"""

from __future__ import annotations

import os
from pathlib import Path


def prepare_prefect(home: Path | None = None, quiet: bool = True) -> None:
    """Point Prefect at a home folder and quieten it, unless the user chose otherwise."""
    if home is not None:
        home.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if quiet:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
