"""No secrets in the repository, the example config, the warehouse or the logs."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest
from privacy_support import T0, days, item, make_config, store

from schoolwatch.config import load_config
from schoolwatch.errors import ConfigError
from warehouse import Warehouse
from warehouse.retention import apply_retention

ROOT = Path(__file__).resolve().parent.parent
LIKELY_SECRETS = {
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b"),
    "credential in a setting": re.compile(
        r"""(?ix)\b(?:password|passwd|client_secret|secret_key|api_key|access_token|smtp_pass)
            \s*[:=]\s*["']([^"'\s]{8,})["']"""),
    "credential in a URL": re.compile(r"://[^/\s:@]+:([^/\s:@]{6,})@"),
}
# Values that are obviously not real credentials.
HARMLESS = re.compile(r"example|test|dummy|fake|placeholder|changeme|not-for-production|"
                      r"\{|\$|<", re.IGNORECASE)
SECRET_FILE_NAMES = re.compile(r"(?:^|/)(?:\.env(?:\..+)?|.*\.pem|.*\.key|id_rsa.*|"
                               r".*\.p12|.*\.pfx)$")


def scan(text: str) -> list[str]:
    """Names of the likely secrets found in ``text``."""
    found = []
    for name, pattern in LIKELY_SECRETS.items():
        for match in pattern.finditer(text):
            value = match.group(1) if match.groups() else match.group(0)
            if not HARMLESS.search(value):
                found.append(name)
    return found


def repo_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [line for line in listed.splitlines() if line and (ROOT / line).is_file()]


def test_scanner_finds_planted_secrets():
    assert scan("AKIA" + "QWERTYUIOPASDFGH") == ["AWS access key"]
    assert scan('password = "' + "hunter2hunter2" + '"') == ["credential in a setting"]
    assert scan("smtp://office:" + "s3cr3tpass" + "@mail.example") == ["credential in a URL"]
    assert scan('password = "example-password"') == []


def test_repository_holds_no_likely_secrets():
    files = repo_files()
    assert "config.example.toml" in files
    problems = [f for f in files if SECRET_FILE_NAMES.search(f)]
    for name in files:
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        problems += [f"{name}: {kind}" for kind in scan(text)]
    assert problems == []


def test_example_config_has_no_credentials_and_config_refuses_them(tmp_path: Path):
    text = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(client_secret|password)\s*=", text, re.MULTILINE)
    for section, key in (("reddit", 'client_secret = "test-value-123"'),
                         ("smtp", 'password = "test-value-123"')):
        extra = {"reddit": '\n[reddit]\nuser_agent = "t"\n',
                 "smtp": '\n[smtp]\nhost = "mail.example"\nsender = "a@b.example"\n'}[section]
        config_path = tmp_path / f"{section}.toml"
        make_config(tmp_path)  # writes config.toml; reuse its text
        config_path.write_text((tmp_path / "config.toml").read_text() + extra + key + "\n")
        config_path.chmod(0o600)
        with pytest.raises(ConfigError, match="environment variable|set SCHOOLWATCH_"):
            load_config(config_path, environ={})


def test_secret_key_never_reaches_the_warehouse_or_logs(tmp_path: Path, monkeypatch, caplog):
    secret = "install-secret-" + "Zq8v" * 8
    monkeypatch.setenv("SCHOOLWATCH_SECRET_KEY", secret)
    config = make_config(tmp_path, school_extra='  pupils = ["Wynona Farthingale"]')
    wh = Warehouse(config.warehouse_path)
    caplog.set_level(logging.DEBUG)
    with wh.write() as con:
        store(con, item("s", "unmatched", fetched_at=T0))
        apply_retention(con, config, T0 + days(30))
    data = b"".join(p.read_bytes() for p in tmp_path.glob("sw.duckdb*"))
    assert secret.encode() not in data
    assert secret not in caplog.text and "Wynona" not in caplog.text
    assert not (tmp_path / "sw.key").exists()  # the env key was used, no file written
