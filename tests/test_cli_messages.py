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


def test_run_summary_speaks_in_sentences_not_counter_names(capsys, tmp_path: Path) -> None:
    from schoolwatch.cli.nightly import print_summary

    notify = {"queued": 4, "alerts": 3, "notices": 1, "digests": 1, "quiet_skipped": 0,
              "sent": 0, "failed": 0, "written": 4, "held": 0, "retry_later": 0,
              "unconfirmed": 0, "interrupted": 0, "pending": 4, "errors": []}
    summary = {"run_id": "r1", "status": "completed_with_errors", "looked_at": 9, "matched": 5,
               "classified": 5, "cases_opened": 2, "cases_updated": 0, "notify": notify,
               "sources": [{"name": "Bicester Bugle", "ok": True, "new": 10, "error": ""},
                           {"name": "r/Luton", "ok": False, "new": 0,
                            "error": "Reddit did not answer within 30 seconds"}],
               "stage_errors": {}}
    print_summary(summary, send=False, out_dir=tmp_path / "emails")
    out = capsys.readouterr().out
    assert "Run r1: completed with errors." in out
    assert "Checked 9 new items" in out and "5 are about your schools" in out
    assert "Email: Prepared 2 urgent alert(s), 1 DSL notice(s) and 1 digest(s)." in out
    assert f"Wrote 4 .eml file(s) to {tmp_path / 'emails'}/" in out
    assert "! r/Luton: Reddit did not answer within 30 seconds" in out
    for counter in ("quiet_skipped", "retry_later", "unconfirmed", "interrupted"):
        assert counter not in out

    print_summary(summary, send=False, out_dir=None)  # `nightly --no-send` without --eml-dir
    out = capsys.readouterr().out
    assert "None/" not in out and "4 email(s) wait for `schoolwatch digest --send`" in out
