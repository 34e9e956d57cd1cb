"""Shared test set-up: offline, quiet Prefect in a private home, and config helpers.

Prefect reads its settings when first imported, so they are set here, at
collection time, before any test module imports it.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_PREFECT_HOME = tempfile.mkdtemp(prefix="schoolwatch-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
os.environ.pop("PREFECT_API_URL", None)
# No model or dataset is ever downloaded, in tests or anywhere else.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("SCHOOLWATCH_SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = ROOT / "config.example.toml"


def _is_loopback(address: object) -> bool:
    """True for a loopback (host, port, ...) address, or anything that is not IP."""
    if not isinstance(address, tuple):
        return True  # a Unix socket path or an abstract address: never the network
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name other than localhost


@pytest.fixture(scope="session", autouse=True)
def loopback_only() -> Iterator[None]:
    """Tests reach nothing but loopback: a connection anywhere else fails loudly.

    URLs such as reddit.com or imgur.com appear in test data as text only; this
    makes sure none of them is ever fetched. (Chromium and the Prefect server run
    in their own processes, which the connectors' loopback servers also serve.)
    """
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse(address: object) -> None:
        raise OSError(f"tests may only connect to loopback, not {address!r}")

    def connect(self: socket.socket, address: object) -> None:
        if not _is_loopback(address):
            refuse(address)
        return original_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if not _is_loopback(address):
            refuse(address)
        return original_connect_ex(self, address)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        yield


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for every test that runs a real flow."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def write_example_config(directory: Path, extra: str = "", drop_sources: bool = True) -> Path:
    """The example config with its warehouse in ``directory`` (sources removed by default)."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    text = text.replace('path = "data/schoolwatch.duckdb"',
                        f'path = "{directory / "schoolwatch.duckdb"}"')
    if drop_sources:
        text = text.split("# --------------------------------------------------------------- sources")[0]
        smtp = EXAMPLE_CONFIG.read_text(encoding="utf-8").split("# ------------------------------------------------------------------ email")[1]
        text += smtp
    text = re.sub(r"\n{3,}", "\n\n", text) + extra
    path = directory / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def example_config_path(tmp_path: Path) -> Path:
    """A valid config (the five example organisations) with its warehouse in tmp_path."""
    return write_example_config(tmp_path)
