"""The nightly Prefect flow: ingest, match, classify, triage, recheck, retention, notify.

Each stage is a Prefect task. Sources are fetched one task each, all at once,
and stored one after another in the configuration's order: when two feeds
carry the same post, the same copy is kept on every run, whichever answered
first. Connectors
retry passing HTTP trouble themselves and report what is left as a
``SourceError``, which is recorded without a task retry; an unexpected crash
is retried twice, and a configuration error never (a wrong password does not
fix itself). A failing source is recorded and reported; it never stops the
other sources or the later stages.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows import stages
from flows.report import (
    Reporter,
    RunSummary,
    SourceOutcome,
    describe_failure,
    stderr_reporter,
)
from schoolwatch.config import Config, load_config
from schoolwatch.errors import SourceConfigError
from warehouse import Warehouse, runs

logger = logging.getLogger(__name__)


def _retry_unless_config_error(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a crashed source task, but never a configuration error (it will not fix itself)."""
    try:
        state.result()
    except SourceConfigError:
        return False
    except Exception:  # noqa: BLE001 - any other crash is worth another try
        return True
    return False


@task(name="fetch source", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10],
      retry_condition_fn=_retry_unless_config_error)
def fetch_source_task(wh: Warehouse, source: Any) -> stages.Fetched:
    """Fetch one source (see :func:`flows.stages.fetch_source`); the flow stores it in turn."""
    return stages.fetch_source(wh, source)


# Called in turn by the flow (not submitted), so sources are stored in configuration
# order; a warehouse kept busy by the dashboard, say, gets two more tries.
@task(name="store source", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10])
def store_source_task(wh: Warehouse, source: Any, fetched: stages.Fetched,
                      run_id: str) -> SourceOutcome:
    """Store one source's fetch with its cursor (see :func:`flows.stages.store_fetched`)."""
    return stages.store_fetched(wh, source, fetched, run_id)


@task(name="match", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def match_task(config: Config, wh: Warehouse, report: Reporter) -> tuple[int, int, int]:
    """Decide which school(s) each new item is about."""
    return stages.match_pending(config, wh, report)


@task(name="classify", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def classify_task(config: Config, wh: Warehouse, report: Reporter) -> int:
    """Score matched items for every label."""
    return stages.classify_pending(config, wh, report)


@task(name="triage", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def triage_task(config: Config, wh: Warehouse) -> tuple[int, int]:
    """Group flagged items into cases with the policy's recommended action."""
    return stages.triage_pending(config, wh)


@task(name="recheck open cases", cache_policy=NO_CACHE)
def recheck_task(config: Config, wh: Warehouse) -> dict[str, int]:
    """Deletion watch: was a post edited or removed since we captured it?"""
    return stages.recheck_open_cases(config, wh)


@task(name="retention", cache_policy=NO_CACHE)
def retention_task(config: Config, wh: Warehouse) -> dict[str, int]:
    """Purge what the retention settings say is due (never anything on hold)."""
    return stages.apply_retention(config, wh)


@task(name="notify", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=10)
def notify_task(config: Config, wh: Warehouse, send: bool, out_dir: str | None) -> dict[str, Any]:
    """Queue the digest and urgent alerts, then send them (or write .eml files)."""
    from dashboards.notify import run_notify

    return run_notify(config, wh, send=send, out_dir=Path(out_dir) if out_dir else None)


def run_pipeline(config: Config, *, send: bool = True, out_dir: str | None = None,
                 report: Reporter = stderr_reporter, run_id: str | None = None,
                 sources_override: list[Any] | None = None,
                 source_retry_delays: list[float] | None = None) -> RunSummary:
    """The body of the nightly flow; call inside a Prefect flow (or a test harness)."""
    from connectors.registry import build_sources

    run_id = run_id or f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    wh = Warehouse(config.warehouse_path)
    summary = RunSummary(run_id=run_id)
    _record_run(wh, run_id)
    try:
        source_list = sources_override if sources_override is not None else build_sources(config)
        report(f"Collecting from {len(source_list)} sources...")
        fetch = (fetch_source_task.with_options(retry_delay_seconds=source_retry_delays)
                 if source_retry_delays is not None else fetch_source_task)
        futures = [fetch.submit(wh, source) for source in source_list]
        for source, future in zip(source_list, futures, strict=True):
            outcome = _outcome_or_failure(wh, source, future, run_id)
            summary.sources.append(outcome)
            mark = "ok " if outcome.ok else "FAILED"
            detail = f"{outcome.new} new" if outcome.ok else outcome.error
            report(f"  [{mark}] {outcome.name}: {detail}")
        _stage(summary, "match", report, "Matching items to schools...",
               lambda: _store_match(summary, match_task(config, wh, report)))
        _stage(summary, "classify", report, "Classifying matched items...",
               lambda: setattr(summary, "classified", classify_task(config, wh, report)))
        _stage(summary, "triage", report, "Turning flags into cases...",
               lambda: _store_triage(summary, triage_task(config, wh)))
        _stage(summary, "recheck", report, "Re-checking open cases for edits and removals...",
               lambda: setattr(summary, "rechecked", recheck_task(config, wh)))
        _stage(summary, "retention", report, "Applying retention settings...",
               lambda: setattr(summary, "retention", retention_task(config, wh)))
        _stage(summary, "notify", report, "Preparing the digest and urgent alerts...",
               lambda: setattr(summary, "notify", notify_task(config, wh, send, out_dir)))
    finally:
        _record_run(wh, run_id, summary)
    return summary


def _record_run(wh: Warehouse, run_id: str, summary: RunSummary | None = None) -> None:
    """Log the run's start, or with its summary its end (no connection kept in the caller)."""
    with wh.write() as con:
        if summary is None:
            runs.start(con, run_id)
        else:
            runs.finish(con, run_id, summary.status, summary.as_dict())


def _outcome_or_failure(wh: Warehouse, source: Any, future: Any, run_id: str) -> SourceOutcome:
    """Store one source's fetch; a crash (after its retries) still becomes a recorded failure."""
    try:
        return store_source_task(wh, source, future.result(), run_id)
    except Exception as exc:  # noqa: BLE001 - one broken source never stops the others
        error = describe_failure(exc)
        logger.debug("source %s failed", source.key, exc_info=exc)  # the traceback, for -v
        failures = stages.record_source_failure(wh, source, error)
        return SourceOutcome(source.key, source.display_name, ok=False, error=error,
                             consecutive_failures=failures)


def _stage(summary: RunSummary, name: str, report: Reporter, message: str,
           body: Any) -> None:
    report(message)
    try:
        body()
    except Exception as exc:  # noqa: BLE001 - record, report and carry on to later stages
        summary.stage_errors[name] = describe_failure(exc)
        logger.debug("stage %s failed", name, exc_info=exc)  # the traceback, for -v
        report(f"  ! this step did not finish: {summary.stage_errors[name]}")


def _store_match(summary: RunSummary, result: tuple[int, int, int]) -> None:
    summary.looked_at, summary.matched, summary.matched_earlier = result


def _store_triage(summary: RunSummary, result: tuple[int, int]) -> None:
    summary.cases_opened, summary.cases_updated = result


@flow(name="schoolwatch-nightly", log_prints=False)
def nightly_flow(config_path: str, send: bool = True, out_dir: str | None = None) -> dict:
    """The scheduled nightly run for every school in the configuration."""
    config = load_config(config_path)
    summary = run_pipeline(config, send=send, out_dir=out_dir)
    return summary.as_dict()
