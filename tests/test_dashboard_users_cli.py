"""``schoolwatch users``: accounts made from the command line, password read from stdin."""

from __future__ import annotations

import io
import sys

import pytest

from dashboards.web.passwords import verify_password
from schoolwatch.cli.main import main as cli_main
from tests.dashboard_seed import write_config
from warehouse import Warehouse, users


@pytest.fixture
def config_path(tmp_path):
    return write_config(tmp_path)


def _run(monkeypatch, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return cli_main(argv)


def test_users_add_hashes_the_password_from_stdin(config_path, monkeypatch, capsys):
    code = _run(monkeypatch, ["users", "add", "sam.office", "--role", "office", "--school",
                              "beech-hill", "--config", str(config_path)],
                "a good long password\n")
    assert code == 0 and "Created sam.office" in capsys.readouterr().out
    with Warehouse(config_path.parent / "warehouse.duckdb").read() as con:
        account = users.get(con, "sam.office")
    assert account["role"] == "office" and list(account["schools"]) == ["beech-hill"]
    assert "a good long password" not in account["password_hash"]
    assert verify_password("a good long password", account["password_hash"])


def test_trust_ids_expand_to_their_schools(config_path, monkeypatch):
    assert _run(monkeypatch, ["users", "add", "tia.trust", "--role", "trust", "--school",
                              "bicester-lat", "--config", str(config_path)],
                "another long password\n") == 0
    with Warehouse(config_path.parent / "warehouse.duckdb").read() as con:
        assert sorted(users.get(con, "tia.trust")["schools"]) == ["cooper-school", "glory-farm"]


@pytest.mark.parametrize(("argv", "stdin", "message"), [
    (["--role", "office", "--school", "nowhere"], "a good long password\n", "no school or trust"),
    (["--role", "office"], "a good long password\n", "Say which schools"),
    (["--role", "office", "--school", "beech-hill"], "short\n", "at least 10 characters"),
])
def test_users_add_explains_mistakes(config_path, monkeypatch, capsys, argv, stdin, message):
    code = _run(monkeypatch, ["users", "add", "x.user", *argv, "--config", str(config_path)],
                stdin)
    assert code == 1
    assert message in capsys.readouterr().err


def test_users_list_and_disable(config_path, monkeypatch, capsys):
    _run(monkeypatch, ["users", "add", "dee.dsl", "--role", "dsl", "--all-schools",
                       "--config", str(config_path)], "dsl long password\n")
    assert cli_main(["users", "disable", "dee.dsl", "--config", str(config_path)]) == 0
    assert cli_main(["users", "list", "--config", str(config_path)]) == 0
    listing = capsys.readouterr().out
    assert "dee.dsl" in listing and "(disabled)" in listing and "*" in listing
    assert cli_main(["users", "disable", "nobody", "--config", str(config_path)]) == 1
