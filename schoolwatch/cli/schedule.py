"""``schoolwatch schedule``: run the pipeline every night, starting a Prefect server if needed."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from schoolwatch.cli.common import add_config_option, config_from, status
from schoolwatch.errors import SchoolwatchError

DEPLOYMENT_NAME = "nightly"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schedule", help="run the pipeline every night (02:30 Europe/London by default)",
        description="Starts a local Prefect server (unless PREFECT_API_URL points at one) "
                    "and serves the nightly flow on the schedule in the config's [schedule] "
                    "table. Leave it running (e.g. as a systemd service).",
    )
    add_config_option(parser)
    parser.add_argument("--port", type=int, default=4200, help="local Prefect server port")
    parser.set_defaults(handler=run)


def build_cron(cron: str, timezone: str):  # noqa: ANN201 - prefect type imported lazily
    """The Prefect schedule object for the configured time."""
    from prefect.schedules import Cron

    return Cron(cron, timezone=timezone)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    from flows.environment import prepare_prefect

    prepare_prefect(config.warehouse_path.parent / "prefect", quiet=False)
    server = None
    if not os.environ.get("PREFECT_API_URL"):
        # Prefect reads its settings once, on first import: set the URL before that,
        # or serve() falls back to a temporary server that cannot schedule.
        os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{args.port}/api"
        server = _start_server(args.port)
    from flows.nightly import nightly_flow

    status(f"Scheduling the nightly run: '{config.schedule.cron}' "
           f"({config.schedule.timezone}). Press Ctrl+C to stop.")
    try:
        nightly_flow.serve(
            name=DEPLOYMENT_NAME,
            schedules=[build_cron(config.schedule.cron, config.schedule.timezone)],
            parameters={"config_path": str(Path(config.path).resolve())},
            print_starting_message=True,
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    return 0


def _start_server(port: int) -> subprocess.Popen:
    status(f"Starting a local Prefect server on http://127.0.0.1:{port} ...")
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SchoolwatchError(
                f"The Prefect server stopped straight away (exit code {process.returncode}). "
                f"Is port {port} already in use? Try --port 4201.")
        if _healthy(port):
            return process
        time.sleep(1)
    process.terminate()
    raise SchoolwatchError("The Prefect server did not start within two minutes.")


def _healthy(port: int) -> bool:
    """Ask the local Prefect server whether it is up, through Prefect's own client."""
    from prefect.client.orchestration import SyncPrefectClient

    try:
        with SyncPrefectClient(f"http://127.0.0.1:{port}/api") as client:
            return client.api_healthcheck() is None
    except Exception:  # noqa: BLE001 - not up yet
        return False
