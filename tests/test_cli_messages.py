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
