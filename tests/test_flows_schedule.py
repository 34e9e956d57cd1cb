"""``schoolwatch schedule`` really schedules the nightly run on a local Prefect server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.prefect, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_schedule_serves_the_nightly_flow_at_0230_london(example_config_path: Path,
                                                         tmp_path: Path) -> None:
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.client.schemas.sorting import FlowRunSort

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update({"PREFECT_HOME": str(tmp_path / "prefect-home"), "PYTHONPATH": str(ROOT)})
    process = subprocess.Popen(
        [sys.executable, "-m", "schoolwatch.cli.main", "schedule", "--config",
         str(example_config_path), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    deployment = None
    runs: list = []
    try:
        # The server's scheduler creates the upcoming runs on its own loop, a
        # little after the deployment appears: wait for both.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not runs:
            assert process.poll() is None, process.stdout.read()
            try:
                with SyncPrefectClient(api) as client:
                    deployment = client.read_deployment_by_name("schoolwatch-nightly/nightly")
                    runs = client.read_flow_runs(limit=5,
                                                 sort=FlowRunSort.EXPECTED_START_TIME_ASC)
            except Exception:  # noqa: BLE001 - the server or deployment is not up yet
                pass
            if not runs:
                time.sleep(3)
        assert deployment is not None, "the deployment never appeared"
        [schedule] = deployment.schedules
        assert schedule.schedule.cron == "30 2 * * *"
        assert schedule.schedule.timezone == "Europe/London"
        assert schedule.active
        assert deployment.parameters["config_path"] == str(example_config_path.resolve())
        scheduled = [run.expected_start_time.astimezone(ZoneInfo("Europe/London"))
                     for run in runs if run.state_name == "Scheduled"]
        assert scheduled, "the server scheduled no runs"
        assert all((t.hour, t.minute) == (2, 30) for t in scheduled)
        assert scheduled[0] > datetime.now(ZoneInfo("Europe/London"))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
