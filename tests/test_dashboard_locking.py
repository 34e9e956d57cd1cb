"""DuckDB's single-writer rule, both ways, with a second PROCESS writing in short bursts.

1. The dashboard keeps answering while another process (the nightly flow)
   keeps writing to the warehouse.
2. The nightly flow does not fail while the dashboard is busy: the dashboard
   runs as a real server process, hammered with requests, and this process
   writes in bursts with a modest timeout.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from tests import dashboard_fixtures
from tests.dashboard_fixtures import login
from tests.dashboard_seed import PASSWORD
from warehouse import Warehouse, mentions

seeded = dashboard_fixtures.seeded
client = dashboard_fixtures.client
REPO = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["SCHOOLWATCH_SECRET_KEY"] = "locking-test-secret-key-0123456789abcdef"
    return env


def test_dashboard_keeps_working_while_another_process_writes(client, seeded):
    login(client, "admin.all")
    client.app.state.schoolwatch.db.close()
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.dashboard_writer", str(seeded.warehouse_path),
         "4", "150", "30", "30"], cwd=REPO, env=_env(), stdout=subprocess.PIPE, text=True)
    statuses, slowest = [], 0.0
    case_path = f"/cases/{seeded.case_ids['abusive']}"
    deadline = time.monotonic() + 4
    while time.monotonic() < deadline:
        for path in ("/", case_path):
            started = time.monotonic()
            statuses.append(client.get(path).status_code)
            slowest = max(slowest, time.monotonic() - started)
    client.app.state.schoolwatch.db.close()
    out, _ = writer.communicate(timeout=60)
    report = json.loads(out.strip().splitlines()[-1])
    assert report["error"] is None, report["error"]
    assert report["bursts"] >= 3  # the writer really did write meanwhile
    assert statuses and set(statuses) == {200}
    assert slowest < 15  # requests waited for bursts; none gave up
    with Warehouse(seeded.warehouse_path).read() as con:
        assert mentions.count(con) >= 5 + report["bursts"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_flow_writes_succeed_while_the_dashboard_is_busy(seeded):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "schoolwatch.cli.main", "serve", "--config",
         str(seeded.config.path), "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    answered: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        web = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
        web.get("/login")
        web.post("/login", data={"username": "admin.all", "password": PASSWORD,
                                 "csrf_token": web.cookies.get("sw_csrf")})

        def hammer() -> None:  # as busy as a dashboard gets: back-to-back page loads
            while not stop.is_set():
                answered.append(web.get("/").status_code)

        thread = threading.Thread(target=hammer, daemon=True)
        thread.start()
        time.sleep(1)
        warehouse = Warehouse(seeded.warehouse_path, timeout=10)
        waits = []
        for burst in range(8):
            asked = time.monotonic()
            with warehouse.write() as con:
                waits.append(time.monotonic() - asked)
                mentions.insert_raw(con, [dashboard_fixtures_item(burst)])
            time.sleep(0.05)
        stop.set()
        thread.join(timeout=30)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    assert len(waits) == 8
    # The busy dashboard saw the waiting marker and let go within about a page load.
    assert max(waits) < 3, waits
    assert answered and set(answered) == {200}
    with Warehouse(seeded.warehouse_path).read() as con:
        assert mentions.count(con) == 5 + 8


def dashboard_fixtures_item(n: int):
    from datetime import UTC, datetime

    from schoolwatch.domain import RawItem

    return RawItem(source="feed", source_key="feed:flow", external_id=f"flow-{n}",
                   kind="article", url=f"https://flow.example/{n}", text=f"flow write {n}",
                   fetched_at=datetime.now(UTC))


def test_the_dashboard_lets_go_when_another_process_announces_it_waits(seeded):
    from dashboards.web.db import WebWarehouse
    from warehouse import waiting

    db = WebWarehouse(seeded.warehouse_path, idle_seconds=30, yield_seconds=0.2)
    try:
        with db.session() as con:
            con.execute("SELECT 1").fetchone()
        assert db.is_open  # kept for the next request
        waiting.announce(seeded.warehouse_path)
        deadline = time.monotonic() + 5
        while db.is_open and time.monotonic() < deadline:  # the idle holder notices
            time.sleep(0.02)
        assert not db.is_open and db.yields == 1
        started = time.monotonic()
        with db.session():  # gives way while the marker is fresh, then opens again
            pass
        assert time.monotonic() - started >= 0.15
        waiting.withdraw(seeded.warehouse_path)
        assert not waiting.someone_waiting(seeded.warehouse_path)
    finally:
        db.close()
