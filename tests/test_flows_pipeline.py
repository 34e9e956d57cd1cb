"""The nightly pipeline end to end on a real Prefect server and a real DuckDB file.

Sources are small in-memory fakes (the real connectors have their own
loopback tests). Matching, the detectors, thresholds, policy and the warehouse
are real; the network's scores come from a stand-in that reads fixed phrases,
because these tests are about retries, crashes and reruns, not about how one
retrained model judges one post. The real model runs end to end in
``tests/test_demo.py`` and is checked in ``tests/test_classifiers_model_shipped.py``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from connectors.base import FetchResult
from flows.report import RunSummary, silent_reporter
from schoolwatch.config import Config, load_config
from schoolwatch.domain import RawItem
from schoolwatch.errors import SourceConfigError, SourceError
from warehouse import Warehouse, cases, mentions, runs, sources

pytestmark = pytest.mark.prefect


def post(external_id: str, text: str, thread: str | None = None, author: str = "mum_of_three"
         ) -> RawItem:
    return RawItem(source="test", source_key="test:list", external_id=external_id,
                   kind="comment", url=f"https://forum.example/t/{thread or external_id}",
                   text=text, author=author, thread_key=thread,
                   posted_at=datetime(2026, 11, 20, 18, 30, tzinfo=UTC))


GOOD_POSTS = [
    post("p1", "Lovely nativity at Beech Hill Primary in Luton today, well done everyone!"),
    post("p2", "I will come to Beech Hill Primary tomorrow and smash that headteacher's face in. "
               "Luton parents know who I mean.", thread="t-threat"),
    post("p3", "Traffic on Beech Hill Road is terrible again this morning.", author="commuter"),
    post("p4", "Mr Hollis at Beech Hill Primary in Luton shouted at my son in front of the class."
               " Disgraceful.", thread="t-staff"),
    post("p5", "Mr Hollis at Beech Hill Primary is a useless idiot and should be sacked",
         thread="t-staff"),
]


class ListSource:
    """A fake source returning fixed items, or failing the way it is told to."""

    source = "test"

    def __init__(self, key: str, items: list[RawItem], failure: Exception | None = None) -> None:
        self.key = key
        self.display_name = f"Test source {key}"
        self.items = items
        self.failure = failure
        self.calls = 0

    def fetch(self, state: dict[str, Any]) -> FetchResult:
        self.calls += 1
        if self.failure is not None:
            # A fresh exception each call: re-raising one instance would chain every
            # call's traceback (and the warehouse connections in its frames) onto it.
            raise type(self.failure)(*self.failure.args)
        return FetchResult(items=list(self.items), cursor=str(len(self.items)))


def run(config: Config, source_list: list[Any], out_dir: Path) -> RunSummary:
    from prefect import flow

    from flows.nightly import run_pipeline

    @flow(name="pipeline-under-test")
    def pipeline() -> RunSummary:
        return run_pipeline(config, send=False, out_dir=str(out_dir), report=silent_reporter,
                            sources_override=source_list, source_retry_delays=[0, 0])

    return pipeline()


# Phrase -> (label, score) for the stand-in network: what these posts mean.
PHRASE_SCORES = {"smash": ("threat", 0.95), "idiot": ("abusive", 0.97),
                 "disgraceful": ("criticism", 0.9)}


class PhraseScorer:
    """Stands in for the network with fixed scores for known phrases (see the docstring)."""

    backend = "test-phrases"

    def __init__(self, labels: Sequence[str]) -> None:
        self.labels = tuple(labels)

    def score(self, texts: Sequence[str]) -> np.ndarray:
        scores = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        for row, text in enumerate(texts):
            for phrase, (label, value) in PHRASE_SCORES.items():
                if phrase in text.lower():
                    scores[row, self.labels.index(label)] = value
        return scores


@pytest.fixture(autouse=True)
def phrase_scorer() -> Iterator[None]:
    # Its own MonkeyPatch, so a test's monkeypatch.undo() leaves the stand-in in place.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("classifiers.api.open_scorer",
                      lambda directory, manifest, backend=None: PhraseScorer(manifest.labels))
        yield


@pytest.fixture
def config(example_config_path: Path) -> Config:
    return load_config(example_config_path)


def test_broken_sources_do_not_stop_the_run(prefect_harness: None, config: Config,
                                            tmp_path: Path) -> None:
    good = ListSource("good", GOOD_POSTS)
    refused = ListSource("refused", [], SourceConfigError("401: check the Reddit client id"))
    down = ListSource("down", [], SourceError("HTTP 503 from news.example"))
    crashing = ListSource("crashing", [], RuntimeError("parser exploded"))

    summary = run(config, [good, refused, down, crashing], tmp_path / "eml")

    by_key = {s.key: s for s in summary.sources}
    assert by_key["good"].ok and by_key["good"].new == len(GOOD_POSTS)
    assert not by_key["refused"].ok and "401" in by_key["refused"].error
    assert not by_key["down"].ok and "503" in by_key["down"].error
    assert not by_key["crashing"].ok and "parser exploded" in by_key["crashing"].error
    assert by_key["crashing"].error.startswith("an unexpected error stopped it")
    assert refused.calls == 1, "a configuration error must not be retried"
    assert crashing.calls == 3, "an unexpected failure is retried twice"
    assert down.calls == 1, "connectors retry HTTP themselves; the flow records the failure"
    assert summary.stage_errors == {}
    assert summary.status == "completed_with_errors"
    assert summary.matched == 4  # Beech Hill Road is not the school

    count, health, stored, open_cases = _read_back(config)
    assert count == len(GOOD_POSTS)
    assert health["down"]["consecutive_failures"] == 1
    assert "parser exploded" in health["crashing"]["last_error"]
    assert health["good"]["last_items"] == len(GOOD_POSTS)
    assert stored["status"] == "completed_with_errors"
    assert open_cases["t-threat"]["action"] == "escalate_police"
    assert "threat" in open_cases["t-threat"]["labels"]
    assert "names_staff" in open_cases["t-staff"]["labels"]


def _read_back(config: Config) -> tuple[int, dict, dict, dict]:
    """What the run stored (read in a helper so the test's frame, which the flow's
    retained results reach, holds no connection at exit)."""
    with Warehouse(config.warehouse_path).read() as con:
        return (mentions.count(con),
                {row["source_key"]: row for row in sources.health(con)},
                runs.recent(con, 1)[0],
                {c["thread_key"]: c for c in cases.list_cases(con)})


def test_rerun_duplicates_nothing(prefect_harness: None, config: Config, tmp_path: Path) -> None:
    first = run(config, [ListSource("good", GOOD_POSTS)], tmp_path / "eml1")
    wh = Warehouse(config.warehouse_path)
    with wh.read() as con:
        before = (mentions.count(con), len(cases.list_cases(con)))
    second = run(config, [ListSource("good", GOOD_POSTS)], tmp_path / "eml2")
    with wh.read() as con:
        after = (mentions.count(con), len(cases.list_cases(con)))
    assert first.cases_opened > 0
    assert second.sources[0].new == 0 and second.cases_opened == 0 and second.classified == 0
    assert before == after


def test_crash_mid_run_loses_nothing(prefect_harness: None, config: Config, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import classifiers.api

    def broken_model(config: Config) -> None:
        raise MemoryError("simulated crash while loading the model")

    monkeypatch.setattr(classifiers.api, "load_classifier", broken_model)
    crashed = run(config, [ListSource("good", GOOD_POSTS)], tmp_path / "eml1")
    assert "classify" in crashed.stage_errors
    assert crashed.sources[0].new == len(GOOD_POSTS)

    monkeypatch.undo()
    recovered = run(config, [ListSource("good", GOOD_POSTS)], tmp_path / "eml2")
    assert recovered.stage_errors == {}
    assert recovered.sources[0].new == 0
    assert recovered.classified == 4
    assert recovered.cases_opened >= 2


class SlowSource(ListSource):
    """A source that answers after the others."""

    def fetch(self, state: dict[str, Any]) -> FetchResult:
        import time

        time.sleep(1.5)
        return super().fetch(state)


def test_a_post_two_sources_carry_is_stored_from_the_first_configured(
        prefect_harness: None, config: Config, tmp_path: Path) -> None:
    # A site-wide and a per-post comment feed carry the same comment under different titles.
    comment = "Lovely nativity at Beech Hill Primary, well done everyone!"
    listed_first = replace(post("c1", comment), title="Comment on Nativity at Beech Hill by Jo")
    listed_second = replace(post("c1", comment), title="By: Jo")
    summary = run(config, [SlowSource("site-comments", [listed_first]),
                           ListSource("post-comments", [listed_second])], tmp_path / "eml")
    assert [s.new for s in summary.sources] == [1, 0]  # the slow first source still won
    with Warehouse(config.warehouse_path).read() as con:
        stored = mentions.get(con, listed_first.mention_id)
    assert stored["title"] == "Comment on Nativity at Beech Hill by Jo"


def test_storing_is_retried_when_the_warehouse_is_busy(
        prefect_harness: None, config: Config, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from flows import nightly, stages
    from warehouse.connection import WarehouseBusyError

    attempts: list[int] = []
    real_store = stages.store_fetched

    def busy_then_fine(*args: Any) -> Any:
        attempts.append(1)
        if len(attempts) < 3:
            raise WarehouseBusyError("the dashboard held the file")
        return real_store(*args)

    monkeypatch.setattr(stages, "store_fetched", busy_then_fine)
    monkeypatch.setattr(nightly, "store_source_task",
                        nightly.store_source_task.with_options(retry_delay_seconds=0))
    summary = run(config, [ListSource("busy", GOOD_POSTS[:1])], tmp_path / "eml1")
    assert summary.sources[0].ok and summary.sources[0].new == 1 and len(attempts) == 3

    def always_busy(*args: Any) -> Any:
        raise WarehouseBusyError("the dashboard held the file")

    monkeypatch.setattr(stages, "store_fetched", always_busy)
    failed = run(config, [ListSource("busy2", GOOD_POSTS[1:2])], tmp_path / "eml2")
    # Out of retries: the source is recorded as failed and the run goes on.
    # Its own words, not a class name: it already says what to do.
    assert not failed.sources[0].ok and failed.sources[0].error == "the dashboard held the file"


def test_a_copy_is_linked_as_it_is_stored(config: Config) -> None:
    """Linked before any match stage runs, so an erasure of the original reaches it."""
    from flows import stages
    from warehouse import matches

    wh = Warehouse(config.warehouse_path)
    original = replace(GOOD_POSTS[0], source_key="test:first")
    copy = replace(GOOD_POSTS[0], source_key="test:second", external_id="p1-again",
                   canonical_url=original.canonical_url or original.url)
    original = replace(original, canonical_url=copy.canonical_url)
    stages.store_fetched(wh, ListSource("first", [original]),
                         stages.Fetched(result=FetchResult(items=[original])), "run-1")
    with wh.write() as con:
        matches.record(con, {original.mention_id: []})  # last night's run looked at it
    stages.store_fetched(wh, ListSource("second", [copy]),
                         stages.Fetched(result=FetchResult(items=[copy])), "run-2")
    with wh.read() as con:
        assert mentions.unmatched(con) == []  # the copy waits for nothing: it is linked


def test_a_reply_before_its_post_is_counted_apart(prefect_harness: None, config: Config,
                                                  tmp_path: Path) -> None:
    reply = replace(post("late-reply", "She has been brilliant with our two.", thread="t-late"))
    root = replace(post("late-root", "New headteacher starts at Beech Hill Primary in Luton",
                        thread="t-late"), kind="submission")
    first = run(config, [ListSource("late", [reply])], tmp_path / "eml1")
    assert (first.looked_at, first.matched, first.matched_earlier) == (1, 0, 0)
    second = run(config, [ListSource("late", [root])], tmp_path / "eml2")
    # One new item checked and about a school; the earlier reply joins it, counted apart.
    assert (second.looked_at, second.matched, second.matched_earlier) == (1, 1, 1)
    assert second.classified == 2
