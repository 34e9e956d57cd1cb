"""What a run did, stage by stage, in words an office can read."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

Reporter = Callable[[str], None]


def describe_failure(exc: BaseException) -> str:
    """An exception in words for the run summary.

    Schoolwatch's own errors already say what is wrong and what to do; anything
    else is a fault in the program, named as such with the detail a person
    reporting it will need.
    """
    from schoolwatch.errors import SchoolwatchError

    if isinstance(exc, SchoolwatchError):
        return str(exc)
    return (f"an unexpected error stopped it ({type(exc).__name__}: {exc}); run "
            "`schoolwatch -v nightly` to see details, and report them if it happens again")


def stderr_reporter(message: str) -> None:
    """Default progress output: one line per step on stderr."""
    print(message, file=sys.stderr, flush=True)


def silent_reporter(message: str) -> None:
    """Discard progress output (tests, library use)."""


@dataclass
class SourceOutcome:
    """How one source fared in one run."""

    key: str
    name: str
    ok: bool
    fetched: int = 0
    new: int = 0
    not_modified: bool = False
    error: str = ""
    consecutive_failures: int = 0


@dataclass
class RunSummary:
    """Counts for the whole run; stored in the ``runs`` table and printed at the end."""

    run_id: str
    sources: list[SourceOutcome] = field(default_factory=list)
    matched: int = 0
    looked_at: int = 0
    matched_earlier: int = 0  # replies from earlier runs whose thread's post came now
    classified: int = 0
    cases_opened: int = 0
    cases_updated: int = 0
    rechecked: dict[str, int] = field(default_factory=dict)
    retention: dict[str, int] = field(default_factory=dict)
    notify: dict[str, Any] = field(default_factory=dict)
    stage_errors: dict[str, str] = field(default_factory=dict)

    @property
    def failed_sources(self) -> list[SourceOutcome]:
        return [s for s in self.sources if not s.ok]

    @property
    def status(self) -> str:
        if self.stage_errors:
            return "failed" if "ingest" in self.stage_errors else "completed_with_errors"
        return "completed_with_errors" if self.failed_sources else "completed"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status
        return data
