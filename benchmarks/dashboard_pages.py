"""Dashboard page speed with a large warehouse: ``python -m benchmarks.dashboard_pages``.

Builds (or reuses) a warehouse with 1,000,000 mentions and 50,000 cases,
logs in through the real ASGI app (httpx ASGITransport, same process) and
times the inbox and case pages, reporting p50/p95/p99 and the ratio to a
trivial health endpoint measured in the same run. It also times the same
pages with one warehouse open per request (``hold_seconds=0``), the cost the
connection lease in ``dashboards.web.db`` avoids.

Results are printed and written to ``benchmarks/results/dashboard_pages.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from dashboards.web.app import create_app
from dashboards.web.passwords import hash_password
from dashboards.web.state import WebSettings
from schoolwatch.config import load_config
from warehouse import Warehouse, benchdata, case_digests, users
from warehouse.benchdata import fill_synthetic

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TARGET_P95_MS = 100.0
PASSWORD = "benchmark password 1"  # noqa: S105 - throwaway local account


def build_warehouse(mentions: int, cases: int, rebuild: bool) -> tuple[Path, float | None]:
    """The benchmark warehouse (cached under benchmarks/results) and its build time."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"dashboard-{mentions}-{cases}.duckdb"
    if path.exists() and not rebuild:
        return path, None
    for stale in (path, path.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    config = load_config(ROOT / "config.example.toml")
    with Warehouse(path).write() as con:
        counts = fill_synthetic(con, [s.id for s in config.schools], mentions, cases)
        users.add(con, "bench.head", hash_password(PASSWORD), "headteacher", [users.ALL_SCHOOLS])
        counts["case_digests"] = case_digests.refresh(con)
    print(f"built {path.name}: {counts}")
    return path, time.perf_counter() - started


def bench_config(warehouse: Path, directory: Path) -> Path:
    text = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    text = text.replace('path = "data/schoolwatch.duckdb"', f'path = "{warehouse.as_posix()}"', 1)
    path = directory / "config.toml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


async def time_paths(client: httpx.AsyncClient, paths: list[str], repeat: int) -> list[float]:
    timings = []
    for i in range(repeat):
        path = paths[i % len(paths)]
        started = time.perf_counter()
        response = await client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return timings


async def run(config_path: Path, case_ids: list[str], repeat: int,
              settings: WebSettings, only: tuple[str, ...] = ()) -> dict[str, list[float]]:
    config = load_config(config_path)
    app = create_app(config, settings=settings, secret=b"benchmark-secret-" * 3)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench.local") as client:
        await client.get("/login")
        token = client.cookies.get("sw_csrf")
        login = await client.post("/login", data={"username": "bench.head", "password": PASSWORD,
                                                  "csrf_token": token})
        if login.status_code != 303:
            raise RuntimeError(f"login failed: {login.status_code}")
        pages = {
            "health (baseline)": ["/healthz"],
            "inbox": ["/"],
            "inbox, page 40": ["/?page=40"],
            "inbox, filtered": ["/?school=cooper-school&label=threat&status=all",
                                "/?source=reddit", "/?from=2025-01-01&status=dismissed"],
            "inbox, text search": ["/?q=playground+letter", "/?q=brilliant&status=all"],
            "case page": [f"/cases/{c}" for c in case_ids],
            "overview (30 days)": ["/overview"],
        }
        results: dict[str, list[float]] = {}
        slow = ("overview (30 days)", "inbox, text search", "inbox, filtered")
        for name, paths in pages.items():
            if only and name not in only:
                continue
            await time_paths(client, paths, 2)  # warm up
            count = max(10, repeat // 5) if name in slow else repeat
            results[name] = await time_paths(client, paths, count)
            print(f"  {name}: {statistics.median(results[name]):.1f} ms median", flush=True)
    results["_opens"] = [float(app.state.schoolwatch.db.opens)]
    app.state.schoolwatch.db.close()
    return results


def summarise(results: dict[str, list[float]]) -> list[dict[str, Any]]:
    baseline = statistics.median(results["health (baseline)"])
    rows = []
    for name, values in results.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        rows.append({"page": name, "n": len(values), "p50_ms": round(p50, 1),
                     "p95_ms": round(p95, 1), "p99_ms": round(percentile(values, 0.99), 1),
                     "p50_vs_health": round(p50 / baseline, 1)})
    return rows


def print_table(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{title}")
    print(f"{'page':24} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p50/health':>11}")
    for r in rows:
        flag = "" if r["page"].startswith(("health", "overview")) else (
            "  ok" if r["p95_ms"] < TARGET_P95_MS else "  over target")
        print(f"{r['page']:24} {r['n']:>5} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} "
              f"{r['p50_vs_health']:>11}{flag}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the warehouse")
    args = parser.parse_args(argv)

    warehouse, build_seconds = build_warehouse(args.mentions, args.cases, args.rebuild)
    with Warehouse(warehouse).read() as con:
        sizes = benchdata.table_sizes(con)
        case_ids = benchdata.sample_case_ids(con)
    random.Random(7).shuffle(case_ids)
    print(f"warehouse: {sizes} ({warehouse.stat().st_size / 1e6:.0f} MB)"
          + (f", built in {build_seconds:.0f} s" if build_seconds else " (cached)"))
    with tempfile.TemporaryDirectory() as tmp:
        config_path = bench_config(warehouse, Path(tmp))
        leased = asyncio.run(run(config_path, case_ids, args.requests, WebSettings()))
        per_request = asyncio.run(run(config_path, case_ids, max(20, args.requests // 4),
                                      WebSettings(hold_seconds=0.0),
                                      only=("health (baseline)", "inbox", "case page")))
    opened = {"leased": leased.pop("_opens"), "open_per_request": per_request.pop("_opens")}
    leased_rows, cold_rows = summarise(leased), summarise(per_request)
    print_table("Default (warehouse kept open between requests; see dashboards.web.db):",
                leased_rows)
    print_table("One warehouse open per request (hold_seconds=0):", cold_rows)
    print(f"\nwarehouse opened {opened['leased'][0]:.0f} times (lease) vs "
          f"{opened['open_per_request'][0]:.0f} (per request)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "dashboard_pages.json"
    out.write_text(json.dumps({"dataset": sizes, "target_p95_ms": TARGET_P95_MS,
                               "cpu_count": os.cpu_count(), "load_avg": os.getloadavg(),
                               "leased": leased_rows, "open_per_request": cold_rows,
                               "warehouse_opens": opened},
                              indent=2), encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")


if __name__ == "__main__":
    main()
