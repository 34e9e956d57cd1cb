"""The warehouse foundation: migrations, idempotent loading, verbatim storage, locking."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schoolwatch.domain import RawItem, SchoolMatch
from warehouse import Warehouse, connect, matches, mentions, sources
from warehouse.connection import WarehouseBusyError
from warehouse.migrations import applied_versions, available_migrations

ROOT = Path(__file__).resolve().parent.parent


def item(external_id: str = "abc", text: str = "Beech Hill Primary is great", **kw) -> RawItem:
    defaults = dict(source="reddit", source_key="reddit:r/Luton", external_id=external_id,
                    kind="submission", url=f"https://reddit.example/{external_id}", text=text,
                    author="parent_of_two", posted_at=datetime(2026, 11, 20, 9, tzinfo=UTC))
    defaults.update(kw)
    return RawItem(**defaults)


def test_migrations_apply_once_in_order(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with connect(path) as con:
        first = applied_versions(con)
    with connect(path) as con:
        assert applied_versions(con) == first
    assert first == {m.version for m in available_migrations()}
    assert [m.version for m in available_migrations()] == sorted(first)


def test_insert_is_idempotent_and_batch_deduplicated(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    with wh.write() as con:
        new = mentions.insert_raw(con, [item("a"), item("a"), item("b")])
    assert len(new) == 2
    with wh.write() as con:
        assert mentions.insert_raw(con, [item("a"), item("b"), item("c")]) == [item("c").mention_id]
        assert mentions.count(con) == 3


def test_failed_transaction_loses_nothing_already_committed(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    with wh.write() as con:
        mentions.insert_raw(con, [item("kept")])
    with pytest.raises(RuntimeError), wh.write() as con:
        mentions.insert_raw(con, [item("rolled-back")])
        raise RuntimeError("crash mid-run")
    with wh.read() as con:
        assert mentions.count(con) == 1
    with wh.write() as con:  # the rerun stores it exactly once
        assert len(mentions.insert_raw(con, [item("kept"), item("rolled-back")])) == 1


odd_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=400,
) | st.sampled_from([
    "<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>", "Ça va? naïve café",
    "\u202eevil\u202c", "emoji 👩‍👧‍👦 and \u00a0nbsp", "x" * 100_000,
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=odd_text, body=odd_text, author=st.one_of(st.none(), odd_text))
def test_text_round_trips_verbatim(tmp_path: Path, title: str, body: str, author: str | None) -> None:
    raw = {"title": title, "nested": {"body": body}}
    original = item(external_id=f"h-{hash((title, body, author))}", text=body, title=title,
                    author=author, raw=raw)
    with connect(tmp_path / "rt.duckdb") as con:
        mentions.insert_raw(con, [original])
        stored = mentions.get(con, original.mention_id)
    assert stored["body"] == body
    assert stored["title"] == title
    assert stored["author"] == author
    assert json.loads(stored["raw_json"]) == raw
    assert stored["content_sha256"] == original.content_sha256


def test_same_article_from_two_feeds_is_linked_not_doubled(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    first = item("feed1-entry", source="feed", source_key="feed:a", kind="article",
                 canonical_url="https://news.example/story", fetched_at=datetime(2026, 11, 20, tzinfo=UTC))
    second = item("feed2-entry", source="feed", source_key="feed:b", kind="article",
                  canonical_url="https://news.example/story",
                  fetched_at=datetime(2026, 11, 20, tzinfo=UTC) + timedelta(seconds=1))
    with wh.write() as con:
        ids = mentions.insert_raw(con, [first, second])
        assert mentions.link_duplicates(con, ids) == 1
        assert mentions.link_duplicates(con, ids) == 0
        pending = {row["mention_id"] for row in mentions.unmatched(con)}
    assert pending == {first.mention_id}


def _copy(external_id: str, text: str, seconds: int = 0, url: str = "https://news.example/story"
          ) -> RawItem:
    return item(external_id, text=text, source="feed", source_key=f"feed:{external_id}",
                kind="article", canonical_url=url,
                fetched_at=datetime(2026, 11, 20, tzinfo=UTC) + timedelta(seconds=seconds))


def _links(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT mention_id, duplicate_of FROM mention_links").fetchall())


@pytest.mark.parametrize("arrival", [(0, 1, 2), (2, 1, 0), (1, 2, 0), (0, 2, 1)])
def test_copies_from_concurrent_sources_link_the_same_way_in_any_arrival_order(
        tmp_path: Path, arrival: tuple[int, int, int]) -> None:
    # Three feeds carry one story; the fullest text should be the copy everyone reads.
    copies = [_copy("snippet", "Beech Hill Primary head resigns", seconds=0),
              _copy("teaser", "Beech Hill Primary head resigns after review", seconds=1),
              _copy("full", "Beech Hill Primary head resigns after review. " * 5, seconds=2)]
    unrelated = _copy("other", "Glory Farm fete", url="https://news.example/other")
    wh = Warehouse(tmp_path / "w.duckdb")
    with wh.write() as con:
        for index in arrival:  # each source links its own copies as it lands
            mentions.link_duplicates(con, mentions.insert_raw(con, [copies[index]]))
        mentions.link_duplicates(con, mentions.insert_raw(con, [unrelated]))
        mentions.link_unmatched_duplicates(con)
        assert mentions.link_unmatched_duplicates(con) == 0  # a rerun adds nothing
        links = _links(con)
        pending = {row["mention_id"] for row in mentions.unmatched(con)}
    full = copies[2].mention_id
    assert links == {copies[0].mention_id: full, copies[1].mention_id: full}  # no chains
    assert pending == {full, unrelated.mention_id}


def test_links_written_by_an_older_release_never_hide_a_post(tmp_path: Path) -> None:
    # The old rule linked the later copy to the earlier one, whatever its length; the
    # earlier copy is still unmatched (the run stopped before matching).
    wh = Warehouse(tmp_path / "w.duckdb")
    earlier = _copy("first", "Beech Hill Primary head resigns", seconds=0)
    later = _copy("second", "Beech Hill Primary head resigns after review. " * 4, seconds=5)
    with wh.write() as con:
        mentions.insert_raw(con, [earlier, later])
        con.execute("INSERT INTO mention_links (mention_id, duplicate_of, reason) "
                    "VALUES (?, ?, 'same_url')", [later.mention_id, earlier.mention_id])
        mentions.link_unmatched_duplicates(con)
        links = _links(con)
        pending = {row["mention_id"] for row in mentions.unmatched(con)}
    assert all(copy != primary for copy, primary in links.items())  # no self-links
    assert pending == {earlier.mention_id}  # the story is still matched, once


def test_a_copy_already_looked_at_stays_primary(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    earlier = _copy("yesterday", "Short item about Beech Hill Primary")
    with wh.write() as con:
        mentions.insert_raw(con, [earlier])
        matches.record(con, {earlier.mention_id: []})  # last night's run matched it
        longer = _copy("today", "A much longer item about Beech Hill Primary " * 4, seconds=60)
        assert mentions.link_duplicates(con, mentions.insert_raw(con, [longer])) == 1
        assert _links(con) == {longer.mention_id: earlier.mention_id}


def test_source_health_counts_consecutive_failures(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    with wh.write() as con:
        sources.record_success(con, "feed:x", "feed", "X News", 5, etag='"v1"')
        for _ in range(sources.UNHEALTHY_AFTER - 1):
            sources.record_failure(con, "feed:x", "feed", "X News", "HTTP 503")
        assert sources.health(con)[0]["healthy"] is True
        sources.record_failure(con, "feed:x", "feed", "X News", "HTTP 503")
        row = sources.health(con)[0]
        assert row["healthy"] is False and row["consecutive_failures"] == sources.UNHEALTHY_AFTER
        assert sources.get_state(con, "feed:x")["etag"] == '"v1"'  # kept across failures
        sources.record_success(con, "feed:x", "feed", "X News", 2)
        row = sources.health(con)[0]
        assert row["healthy"] is True and row["items_fetched"] == 7


HOLDER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
""")


def test_connect_waits_while_another_process_holds_the_file(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with connect(path):
        pass
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), "1.5"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    started = time.monotonic()
    with pytest.raises(duckdb.Error):
        duckdb.connect(str(path))  # DuckDB itself refuses while the other process holds it
    with connect(path, timeout=20) as con:
        assert con.execute("SELECT count(*) FROM raw_mentions").fetchone()[0] == 0
    assert time.monotonic() - started >= 0.5
    holder.wait(timeout=10)


def test_connect_gives_a_readable_error_when_busy_too_long(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with connect(path):
        pass
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), "3"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    try:
        with pytest.raises(WarehouseBusyError, match="in use by another schoolwatch program"):
            with connect(path, timeout=0.3):
                pass
    finally:
        holder.wait(timeout=10)


def test_threads_opening_and_closing_the_file_at_once_never_fail(tmp_path) -> None:
    """The nightly flow ingests sources in parallel threads, each opening the file briefly.

    DuckDB fails an open that races another thread's open or close of the same file
    ("Unique file handle conflict"); without the guard in ``connect`` this failed in
    about one trial in four.
    """
    import threading

    from warehouse import sources

    errors: list[BaseException] = []
    for trial in range(8):
        store = Warehouse(tmp_path / f"race-{trial}.duckdb")
        store.ensure_schema()
        start = threading.Barrier(6)

        def work(n: int, store: Warehouse = store, start: threading.Barrier = start) -> None:
            try:
                start.wait()
                for _ in range(15):
                    with store.read() as con:
                        sources.get_state(con, f"src-{n}")
                    with store.write() as con:
                        sources.record_failure(con, f"src-{n}", "test", f"Source {n}", "boom")
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []


def test_replies_inherit_their_threads_schools_and_count_once(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    root = item("root", "Beech Hill Primary and Bratton Primary are merging", thread_key="t1")
    quiet = item("quiet", "She has been great", kind="comment", thread_key="t1")
    naming = item("naming", "Beech Hill is lovely", kind="comment", thread_key="t1")
    with wh.write() as con:
        mentions.insert_raw(con, [root, quiet, naming])
        matches.record(con, {
            root.mention_id: [matches_for("beech-hill"), matches_for("bratton")],
            quiet.mention_id: [],
            naming.mention_id: [matches_for("beech-hill")],
        })
        # Three rows are added (quiet gets both schools, naming gets Bratton), but only
        # one reply went from no school to a school.
        assert matches.inherit_from_threads(con) == [quiet.mention_id]
        assert matches.inherit_from_threads(con) == []  # a rerun adds nothing
        schools = dict(con.execute(
            "SELECT mention_id, list_sort(list(school_id)) FROM school_matches GROUP BY 1"
        ).fetchall())
    assert schools[quiet.mention_id] == ["beech-hill", "bratton"]
    assert schools[naming.mention_id] == ["beech-hill", "bratton"]


def matches_for(school_id: str) -> SchoolMatch:
    return SchoolMatch(school_id=school_id, alias=school_id, start=0, end=5)


def test_a_dry_run_session_changes_nothing_even_when_it_succeeds(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    with wh.write() as con:
        mentions.insert_raw(con, [item("kept")])
    with wh.dry_run() as con:
        assert mentions.insert_raw(con, [item("would-be-new")])  # visible inside the session
        assert len(mentions.unmatched(con)) == 2
    with wh.read() as con:
        assert [row["mention_id"] for row in mentions.unmatched(con)] == [item("kept").mention_id]


def test_a_reply_checked_before_its_post_arrived_is_matched_when_it_does(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    reply = item("reply", "She has been great", kind="comment", thread_key="t2")
    with wh.write() as con:  # first night: the reply alone, about no school
        mentions.insert_raw(con, [reply])
        matches.record(con, {reply.mention_id: []})
        assert matches.inherit_from_threads(con) == []
    root = item("root2", "New head at Beech Hill Primary", thread_key="t2")
    with wh.write() as con:  # next night: its post, naming the school
        mentions.insert_raw(con, [root])
        matches.record(con, {root.mention_id: [matches_for("beech-hill")]})
        assert matches.inherit_from_threads(con) == [reply.mention_id]
