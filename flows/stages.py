"""The nightly pipeline's stages as plain functions: ingest, match, classify, triage.

Each stage reads a batch in one short warehouse session, works with the file
closed, then writes in another short session, so the dashboard is never
locked out for long. Every stage is idempotent: a crash loses only the batch
in flight, and a rerun picks up exactly where the warehouse says it stopped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from connectors.base import FetchResult, Source
from flows.report import Reporter, SourceOutcome, silent_reporter
from schoolwatch.config import Config
from schoolwatch.errors import SourceConfigError, SourceError
from warehouse import Warehouse, case_digests, cases, classifications, matches, mentions, sources

logger = logging.getLogger(__name__)

MATCH_BATCH = 5000
CLASSIFY_BATCH = 512


@dataclass(frozen=True)
class Fetched:
    """What fetching one source gave: its result, or the source error that stopped it."""

    result: FetchResult | None = None
    error: SourceError | None = None


# The two helpers below keep connections out of the frames of fetch and store:
# a source's exception (kept in the run's results) holds those frames through its
# traceback, and a connection held there outlives the run.


def saved_state(wh: Warehouse, source_key: str) -> dict:
    """The cursor and connector state saved by the source's last successful run."""
    with wh.read() as con:
        return sources.get_state(con, source_key)


def record_source_failure(wh: Warehouse, source: Source, error: str) -> int:
    """Record a failed fetch; returns how many runs in a row it has failed."""
    with wh.write() as con:
        return sources.record_failure(con, source.key, source.source, source.display_name,
                                      error)


def fetch_source(wh: Warehouse, source: Source) -> Fetched:
    """Fetch one source from its saved cursor; nothing is written.

    A ``SourceError`` (the connector already retried what was worth retrying)
    is returned, not raised; anything else is a crash for the caller to retry.
    """
    state = saved_state(wh, source.key)
    try:
        return Fetched(result=source.fetch(state))
    except SourceError as exc:
        return Fetched(error=exc)


def store_fetched(wh: Warehouse, source: Source, fetched: Fetched,
                  run_id: str) -> SourceOutcome:
    """Store what one source gave, with its cursor, in one transaction (or record its failure).

    The cursor is saved in the same transaction as the items, so a crash
    after fetching loses nothing: the rerun fetches again and dedupe skips
    what was already stored.
    """
    if fetched.result is None:
        exc = fetched.error or SourceError("the source returned nothing")
        kind = "configuration problem" if isinstance(exc, SourceConfigError) else "failed"
        failures = record_source_failure(wh, source, str(exc))
        # Info, not warning: the run's own report prints each failed source already.
        logger.info("source %s %s: %s", source.key, kind, exc)
        return SourceOutcome(source.key, source.display_name, ok=False, error=str(exc),
                             consecutive_failures=failures)
    result = fetched.result
    with wh.write() as con:
        new_ids = mentions.insert_raw(con, result.items, run_id=run_id)
        # Linked at once, not only at matching: an erasure or retention purge of the
        # original that runs before the next match stage must reach this copy too.
        mentions.link_duplicates(con, new_ids)
        sources.record_success(
            con, source.key, source.source, source.display_name, len(new_ids),
            cursor=result.cursor, etag=result.etag, last_modified=result.last_modified,
            state=result.state,
        )
    return SourceOutcome(source.key, source.display_name, ok=True, fetched=len(result.items),
                         new=len(new_ids), not_modified=result.not_modified)


def match_pending(config: Config, wh: Warehouse,
                  report: Reporter = silent_reporter) -> tuple[int, int, int]:
    """Match every not-yet-matched mention to schools.

    Returns (checked, about a school, earlier replies now about a school): the
    last are replies checked in an earlier run whose thread's post, naming the
    school, arrived only now.
    """
    from connectors.matching import SchoolMatcher

    matcher = SchoolMatcher(config.schools)
    with wh.write() as con:
        # Copies that arrived from concurrent sources in either order are linked now.
        mentions.link_unmatched_duplicates(con)
    checked: set[str] = set()
    matched = 0
    while True:
        with wh.read() as con:
            batch = mentions.unmatched(con, limit=MATCH_BATCH)
        if not batch:
            break
        results = {}
        for row in batch:
            text = f"{row['title']}\n\n{row['body']}" if row["title"] else row["body"]
            results[row["mention_id"]] = matcher.match(text, setting=row["setting"] or "")
        with wh.write() as con:
            matches.record(con, results)
        checked.update(results)
        matched += sum(1 for found in results.values() if found)
        report(f"  matched {matched} of {len(checked)} items so far")
    with wh.write() as con:
        inherited = matches.inherit_from_threads(con)
    this_run = sum(1 for mention_id in inherited if mention_id in checked)
    earlier = len(inherited) - this_run
    if this_run:
        report(f"  {this_run} replies are about the school their thread is about")
    if earlier:
        report(f"  {earlier} earlier replies are now about a school: their thread's post "
               "arrived")
    return len(checked), matched + this_run, earlier


def classify_pending(config: Config, wh: Warehouse,
                     report: Reporter = silent_reporter) -> int:
    """Score every matched mention not yet scored by the current model."""
    from classifiers.api import load_classifier

    classifier = load_classifier(config)
    schools_by_id = {s.id: s for s in config.schools}
    done = 0
    while True:
        with wh.read() as con:
            batch = classifications.pending(con, classifier.version, limit=CLASSIFY_BATCH)
            school_ids = matches.schools_for(con, [row["mention_id"] for row in batch])
        if not batch:
            break
        texts = [f"{r['title']}\n\n{r['body']}" if r["title"] else r["body"] for r in batch]
        # Each post is checked against the staff rosters of the schools it is about.
        rosters = [[schools_by_id[sid] for sid in school_ids[row["mention_id"]]
                    if sid in schools_by_id] for row in batch]
        results = classifier.classify_each(texts, rosters)
        with wh.write() as con:
            classifications.record(con, {row["mention_id"]: result
                                         for row, result in zip(batch, results, strict=True)})
        done += len(batch)
        report(f"  classified {done} items")
    return done


def triage_pending(config: Config, wh: Warehouse) -> tuple[int, int]:
    """Group classified mentions into cases with the policy's recommendation.

    The policy engine decides with the file closed; ``triage.store`` writes
    cases, evidence snapshots, explanations and the custody log in one
    transaction. Returns (cases opened, cases updated).
    """
    from classifiers.policy import triage

    opened = updated = 0
    while True:
        with wh.read() as con:
            rows = cases.untriaged(con)
        if not rows:
            break
        decisions = triage.triage(config, rows)
        with wh.write() as con:
            counts = triage.store(con, decisions)
        opened += counts["cases_created"]
        updated += counts["cases_updated"]
    # Rebuild the dashboard's per-case digests now, so the first page view after
    # the nightly run does not pay for it.
    with wh.write() as con:
        case_digests.refresh(con)
    return opened, updated


def recheck_open_cases(config: Config, wh: Warehouse) -> dict[str, int]:
    """Deletion watch: re-fetch open cases' posts and record edits and removals."""
    from flows.deletion_watch import recheck_open_cases as recheck

    return recheck(config, wh)


def apply_retention(config: Config, wh: Warehouse) -> dict[str, int]:
    """Purge what is due under each school's retention settings."""
    from warehouse._util import utcnow
    from warehouse.retention import apply_retention as purge

    with wh.write() as con:
        return purge(con, config, utcnow())
