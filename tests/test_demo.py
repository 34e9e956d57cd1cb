"""``schoolwatch demo`` end to end, as a user runs it: a subprocess, loopback only."""

from __future__ import annotations

import email
import json
import os
import subprocess
import sys
from email import policy
from pathlib import Path

import duckdb
import pytest

pytestmark = [pytest.mark.prefect, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("demo") / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(out.parent / "prefect-home")
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "schoolwatch.cli.main", "demo", "--out", str(out)],
        capture_output=True, text=True, timeout=900, env=env, cwd=ROOT,
    )
    return out, result


def test_demo_succeeds_and_says_where_to_look(demo_run: tuple[Path, subprocess.CompletedProcess]
                                              ) -> None:
    out, result = demo_run
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Where to look" in result.stdout
    assert "Dashboard snapshot" in result.stdout
    assert "Traceback" not in result.stderr


def test_demo_leaves_warehouse_snapshot_and_emails(
        demo_run: tuple[Path, subprocess.CompletedProcess]) -> None:
    out, result = demo_run
    assert result.returncode == 0, result.stderr[-4000:]
    with duckdb.connect(str(out / "schoolwatch.duckdb"), read_only=True) as con:
        total = con.execute("SELECT count(*) FROM raw_mentions").fetchone()[0]
        matched = con.execute("SELECT count(DISTINCT mention_id) FROM school_matches").fetchone()[0]
        open_cases = con.execute("SELECT count(*) FROM cases").fetchone()[0]
        sources_ok = con.execute("SELECT count(*) FROM connector_state WHERE healthy"
                                 ).fetchone()[0]
        schools = {r[0] for r in con.execute("SELECT DISTINCT school_id FROM cases").fetchall()}
    assert total >= 200
    assert 0 < matched < total, "look-alike places must not match"
    assert open_cases >= 10
    assert sources_ok >= 5
    assert len(schools) >= 4
    index = out / "dashboard" / "index.html"
    assert index.exists() and index.stat().st_size > 1000
    emls = sorted((out / "emails").glob("*.eml"))
    assert emls, "the digest emails are written as .eml files"
    message = email.message_from_bytes(emls[0].read_bytes(), policy=policy.default)
    assert message["To"] and message["Subject"]
    assert message.get_body(("plain",)) is not None


def test_demo_matching_agrees_with_the_corpus_ground_truth(
        demo_run: tuple[Path, subprocess.CompletedProcess]) -> None:
    out, result = demo_run
    assert result.returncode == 0, result.stderr[-4000:]
    expected_path = ROOT / "schoolwatch" / "demo" / "corpus" / "expected.json"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    with duckdb.connect(str(out / "schoolwatch.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT m.external_id, list(s.school_id) FILTER (WHERE s.school_id IS NOT NULL)"
            " FROM raw_mentions m LEFT JOIN school_matches s USING (mention_id)"
            " WHERE m.mention_id NOT IN (SELECT mention_id FROM mention_links)"
            " GROUP BY ALL").fetchall()
    # Reddit items are keyed by fullname; feed entries by their id, which the
    # connector prefixes with the feed's host and in which __BASE__ was replaced.
    truth_by_suffix = {key.replace("__BASE__", ""): value for key, value in expected.items()}
    true_positive = false_positive = false_negative = compared = 0
    for external_id, schools in rows:
        truth = truth_by_suffix.get(external_id) or next(
            (value for key, value in truth_by_suffix.items()
             if len(key) > 6 and external_id.endswith(key)), None)
        if truth is None:
            continue
        compared += 1
        predicted, wanted = set(schools or []), set(truth["schools"])
        true_positive += len(predicted & wanted)
        false_positive += len(predicted - wanted)
        false_negative += len(wanted - predicted)
    assert compared >= 350, compared
    assert true_positive > 50
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    assert precision >= 0.9, (precision, recall)
    assert recall >= 0.85, (precision, recall)


def test_the_printed_command_to_add_a_dashboard_user_works(
        demo_run: tuple[Path, subprocess.CompletedProcess]) -> None:
    out, result = demo_run
    (line,) = [line.strip() for line in result.stdout.splitlines()
               if line.strip().startswith("schoolwatch users add")]
    command = line.split()[1:]  # as printed, with the password on standard input
    done = subprocess.run([sys.executable, "-m", "schoolwatch.cli.main", *command],
                          input="a long demo password\n", capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_deletion_watch_finds_the_demo_posts_still_online(
        demo_run: tuple[Path, subprocess.CompletedProcess]) -> None:
    """The demo server answers the re-checks, so no post reads as taken down.

    The corpus has no post meant to be removed or edited: one that reads so means the
    demo tells a headteacher that posts vanished (as when every re-check got a 404).
    """
    out, result = demo_run
    assert result.returncode == 0, result.stderr[-4000:]
    with duckdb.connect(str(out / "schoolwatch.duckdb"), read_only=True) as con:
        statuses = dict(con.execute(
            "SELECT status, count(*) FROM mention_observations GROUP BY status").fetchall())
        unchecked = con.execute(
            "SELECT count(DISTINCT cm.mention_id) FROM case_mentions cm JOIN cases k"
            " USING (case_id) WHERE NOT list_contains(k.flags, 'iioc') AND cm.mention_id"
            " NOT IN (SELECT mention_id FROM mention_observations)").fetchone()[0]
    assert set(statuses) == {"present"}, statuses
    assert statuses["present"] >= 100
    assert unchecked == 0
    for path in sorted((out / "emails").glob("digest-*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert "removed" not in message["Subject"], (path.name, message["Subject"])
        assert "POSTS TAKEN DOWN" not in message.get_body(("plain",)).get_content()
