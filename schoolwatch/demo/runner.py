"""Run the real nightly flow against the bundled demo corpus, served on loopback.

Nothing leaves the machine: a local server speaks Reddit's API and serves the
demo feeds; emails are written as ``.eml`` files instead of being sent.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from flows.report import Reporter, stderr_reporter

DEMO_REDDIT_CLIENT = {"SCHOOLWATCH_REDDIT_CLIENT_ID": "demo-client",
                      "SCHOOLWATCH_REDDIT_CLIENT_SECRET": "demo-secret"}


@dataclass(frozen=True)
class DemoResult:
    """Where the demo left its results."""

    out_dir: Path
    config_path: Path
    warehouse_path: Path
    dashboard_path: Path
    email_dir: Path
    summary: dict[str, Any]

    @property
    def emails(self) -> list[Path]:
        return sorted(self.email_dir.glob("*.eml"))


def corpus_dir() -> Path:
    """The demo corpus shipped inside the package."""
    return Path(str(resources.files("schoolwatch.demo") / "corpus"))


def run_demo(out_dir: Path, report: Reporter = stderr_reporter) -> DemoResult:
    """Run one night of the pipeline on the demo corpus; results land in ``out_dir``."""
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    email_dir = out_dir / "emails"
    dashboard_dir = out_dir / "dashboard"
    # The demo shows a single night from scratch, so it starts from an empty warehouse.
    for stale in (out_dir / "schoolwatch.duckdb", out_dir / "schoolwatch.duckdb.wal"):
        stale.unlink(missing_ok=True)
    for folder in (email_dir, dashboard_dir):
        shutil.rmtree(folder, ignore_errors=True)
    email_dir.mkdir()

    from connectors.loopback import start_demo_servers
    from flows.environment import prepare_prefect

    prepare_prefect(out_dir / ".prefect")
    for key, value in DEMO_REDDIT_CLIENT.items():
        os.environ.setdefault(key, value)

    servers = start_demo_servers(corpus_dir())
    try:
        report(f"Demo sources are being served locally at {servers.base_url}")
        template = (corpus_dir() / "config.toml").read_text(encoding="utf-8")
        config_path = out_dir / "config.toml"
        config_path.write_text(template.replace("__BASE__", servers.base_url), encoding="utf-8")
        config_path.chmod(0o600)
        from flows.nightly import nightly_flow

        summary = nightly_flow(str(config_path), send=False, out_dir=str(email_dir))
    finally:
        servers.close()

    from dashboards.static_export import export
    from schoolwatch.config import load_config

    config = load_config(config_path)
    report("Writing the static dashboard snapshot...")
    dashboard_path = export(config, dashboard_dir)
    return DemoResult(out_dir=out_dir, config_path=config_path,
                      warehouse_path=config.warehouse_path, dashboard_path=dashboard_path,
                      email_dir=email_dir, summary=summary)
