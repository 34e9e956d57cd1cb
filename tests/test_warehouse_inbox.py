"""The inbox query against a brute-force reading of the same synthetic warehouse.

One statement returns both the page and the per-status counts; these tests
check it agrees with filtering every case in Python, for every status, a
text search, a label filter, and a page past the end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse import Warehouse, case_digests
from warehouse.benchdata import fill_synthetic
from warehouse.inbox import InboxQuery, inbox
from warehouse.review import OPEN_STATUSES

SCHOOLS = ["beech-hill", "cooper-school", "glory-farm"]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    store = Warehouse(Path(tmp_path_factory.mktemp("inbox")) / "w.duckdb")
    with store.write() as con:
        fill_synthetic(con, SCHOOLS, 3_000, 400)
        case_digests.refresh(con)
    return store


def _all_cases(con) -> list[dict]:
    rows = con.execute(
        "SELECT k.case_id, k.status, k.severity, k.updated_at, k.labels, lower(k.reason),"
        " d.search_text, k.school_id, k.safeguarding, d.sources"
        " FROM cases k JOIN case_digests d USING (case_id)").fetchall()
    names = ("case_id", "status", "severity", "updated_at", "labels", "reason", "text",
             "school_id", "safeguarding", "sources")
    return [dict(zip(names, row, strict=True)) for row in rows]


def _expected(cases: list[dict], query: InboxQuery) -> tuple[dict[str, int], list[str]]:
    needle = (query.text or "").strip().lower()
    probing = bool(query.label or query.source or needle)
    matching = [c for c in cases
                if (query.schools is None or c["school_id"] in query.schools)
                and (not query.label or query.label in c["labels"])
                and (not query.source or query.source in c["sources"])
                and (not needle or needle in c["reason"] or needle in c["text"])
                and not (query.hide_safeguarding and probing and c["safeguarding"])]
    counts: dict[str, int] = {}
    for case in matching:
        counts[case["status"]] = counts.get(case["status"], 0) + 1
    wanted = (matching if query.status == "all" else
              [c for c in matching if c["status"] in
               (OPEN_STATUSES if query.status == "open" else (query.status,))])
    wanted.sort(key=lambda c: c["case_id"])
    wanted.sort(key=lambda c: c["updated_at"], reverse=True)
    wanted.sort(key=lambda c: c["severity"], reverse=True)
    return counts, [c["case_id"] for c in wanted]


@pytest.mark.parametrize("query", [
    InboxQuery(), InboxQuery(status="all"), InboxQuery(status="dismissed"),
    InboxQuery(status="all", page=3, page_size=20),
    InboxQuery(label="threat", status="all"),
    InboxQuery(text="  ", status="all"),
    InboxQuery(schools=["beech-hill", "glory-farm"], status="all"),
    InboxQuery(label="safeguarding", status="all", hide_safeguarding=True),
    InboxQuery(label="abusive", status="all", hide_safeguarding=True, schools=["beech-hill"]),
    InboxQuery(source="reddit", status="all", hide_safeguarding=True),
])
def test_inbox_page_and_counts_match_a_brute_force_filter(warehouse: Warehouse,
                                                           query: InboxQuery) -> None:
    with warehouse.read() as con:
        expected_counts, expected_ids = _expected(_all_cases(con), query)
        result = inbox(con, query)
    assert result.status_counts == expected_counts
    assert result.total == len(expected_ids)
    start = (result.page - 1) * query.page_size
    assert [c["case_id"] for c in result.cases] == expected_ids[start:start + query.page_size]
    assert all(c["mention_count"] >= 0 for c in result.cases)


def test_text_search_counts_and_page_agree(warehouse: Warehouse) -> None:
    with warehouse.read() as con:
        cases = _all_cases(con)
        word = next(w for w in cases[0]["text"].split() if len(w) > 4)
        query = InboxQuery(text=word.upper(), status="all", page_size=10)
        expected_counts, expected_ids = _expected(cases, query)
        result = inbox(con, query)
    assert result.total == len(expected_ids) > 0
    assert result.status_counts == expected_counts
    assert [c["case_id"] for c in result.cases] == expected_ids[:10]


def test_a_page_past_the_end_shows_the_last_page(warehouse: Warehouse) -> None:
    with warehouse.read() as con:
        _, expected_ids = _expected(_all_cases(con), InboxQuery(status="all"))
        result = inbox(con, InboxQuery(status="all", page=10_000, page_size=30))
    assert result.page == result.pages == -(-len(expected_ids) // 30)
    assert [c["case_id"] for c in result.cases] == expected_ids[(result.page - 1) * 30:]


def test_an_empty_result_is_page_one_of_one(warehouse: Warehouse) -> None:
    with warehouse.read() as con:
        result = inbox(con, InboxQuery(text="no case contains this \u2603 phrase", page=5))
    assert (result.cases, result.total, result.page, result.pages) == ([], 0, 1, 1)
    assert result.status_counts == {}
