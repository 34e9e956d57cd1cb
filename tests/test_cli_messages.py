"""What the ``schoolwatch`` command prints is written for people, warnings included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.dashboard_seed import write_config


def test_warnings_read_as_plain_sentences(tmp_path: Path) -> None:
    """A real process, so Python's own warning machinery formats the message."""
    config = write_config(tmp_path)
    config.chmod(0o644)  # readable by everyone: schoolwatch warns, and carries on
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    done = subprocess.run([sys.executable, "-m", "schoolwatch.cli.main", "users", "list",
                           "--config", str(config)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    warning = [line for line in done.stderr.splitlines() if "chmod 640" in line]
    assert warning and warning[0].startswith("Warning: "), done.stderr
    # No Python file, line number, class name or echoed source line for a school office.
    assert ".py:" not in done.stderr and "UserWarning" not in done.stderr
    assert "load_config(" not in done.stderr


def _run_summary(**changes: object) -> dict:
    notify = {"queued": 4, "alerts": 3, "notices": 1, "digests": 1, "quiet_skipped": 0,
              "sent": 0, "failed": 0, "written": 4, "held": 0, "retry_later": 0,
              "unconfirmed": 0, "interrupted": 0, "pending": 4, "errors": []}
    summary = {"run_id": "r1", "status": "completed_with_errors", "looked_at": 9, "matched": 5,
               "matched_earlier": 0, "classified": 5, "cases_opened": 2, "cases_updated": 0,
               "notify": notify,
               "sources": [{"name": "Bicester Bugle", "ok": True, "new": 10, "error": ""},
                           {"name": "r/Luton", "ok": False, "new": 0,
                            "error": "Reddit did not answer within 30 seconds"}],
               "stage_errors": {}}
    summary.update(changes)
    return summary


def test_run_summary_speaks_in_sentences_not_counter_names(capsys, tmp_path: Path) -> None:
    from schoolwatch.cli.nightly import print_summary

    print_summary(_run_summary(), send=False, out_dir=tmp_path / "emails",
                  send_hint="schoolwatch digest --send --config /srv/sw/config.toml")
    out = capsys.readouterr().out
    assert "Run r1: completed with errors." in out
    assert "Checked 9 new items" in out and "5 are about your schools;" in out
    assert "5 checked for harmful content" in out
    assert ("Email: Prepared 4 new email(s): 2 urgent alert(s), 1 DSL notice(s) and "
            "1 digest(s).") in out
    assert f"Wrote 4 .eml file(s) to {tmp_path / 'emails'}/ (every email waiting" in out
    assert "4 email(s) wait for `schoolwatch digest --send --config /srv/sw/config.toml`" in out
    assert "! r/Luton: Reddit did not answer within 30 seconds" in out
    for counter in ("quiet_skipped", "retry_later", "unconfirmed", "interrupted", "None"):
        assert counter not in out

    # The demo only writes files: no command to send them is suggested.
    print_summary(_run_summary(), send=False, out_dir=tmp_path, send_hint=None)
    assert "wait for" not in capsys.readouterr().out


def test_run_summary_when_the_email_step_failed(capsys) -> None:
    from schoolwatch.cli.nightly import print_summary

    summary = _run_summary(notify={}, matched_earlier=2, stage_errors={
        "notify": "The mail server refused the login; check the username and password."})
    print_summary(summary, send=True, out_dir=None, send_hint=None)
    out = capsys.readouterr().out
    assert "Email:" not in out
    assert "plus 2 earlier replies whose thread's post arrived now" in out
    assert ("! Preparing the digest and alerts did not finish: The mail server refused the "
            "login") in out


def test_email_summary_copes_with_a_result_missing_counters() -> None:
    from schoolwatch.cli.digest import summary

    text = summary({"alerts": 1, "digests": 0}, send=True, out_dir=None)
    assert text.startswith("Prepared 1 new email(s): 1 urgent alert(s), 0 DSL notice(s) and "
                           "0 digest(s).")


def test_a_night_in_which_no_source_worked_exits_non_zero() -> None:
    from schoolwatch.cli.nightly import exit_status

    down = {"name": "r/Luton", "ok": False, "new": 0, "error": "down"}
    up = {"name": "Bicester Bugle", "ok": True, "new": 3, "error": ""}
    assert exit_status(_run_summary(sources=[down, down])) == 1
    assert exit_status(_run_summary(sources=[down, up])) == 0  # reported, not a failed night
    assert exit_status(_run_summary(sources=[up], status="failed")) == 1
    assert exit_status(_run_summary(sources=[])) == 0  # nothing configured yet: nothing failed


def test_exporting_an_unknown_school_says_which_ids_exist(tmp_path: Path, capsys) -> None:
    from schoolwatch.cli.main import main

    config = write_config(tmp_path)
    assert main(["export", "mentions", "--school", "beech", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert "no school with the id 'beech'" in err and "beech-hill" in err


def test_serve_on_a_busy_port_says_so_in_words() -> None:
    import socket

    import pytest

    from schoolwatch.cli.serve import check_port_free
    from schoolwatch.errors import SchoolwatchError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SchoolwatchError, match=f"Port {port} on 127.0.0.1 is already in use"):
            check_port_free("127.0.0.1", port)
    check_port_free("127.0.0.1", port)  # free again once the other program has gone


def test_files_schoolwatch_writes_are_not_readable_by_other_users(tmp_path: Path) -> None:
    import stat

    config = write_config(tmp_path)
    done = subprocess.run(
        ["sh", "-c", f'umask 022 && "{sys.executable}" -m schoolwatch.cli.main users list '
                     f'--config "{config}"'],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    warehouse = tmp_path / "warehouse.duckdb"
    assert warehouse.exists()
    assert stat.S_IMODE(warehouse.stat().st_mode) & 0o007 == 0
