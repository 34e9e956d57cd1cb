"""Config loading: the example file is valid, and every mistake gets an actionable message."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from schoolwatch.config import load_config, resolve_config_path
from schoolwatch.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parent.parent / "config.example.toml"

MINIMAL = """
[warehouse]
path = "data/sw.duckdb"

[[school]]
id = "beech-hill"
name = "Beech Hill Community Primary School"
aliases = ["Beech Hill Primary"]
staff = [{ name = "Jane Example", role = "Headteacher" }]
contacts = { headteacher = "head@school.example" }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_example_config_is_valid_and_complete() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        config = load_config(EXAMPLE, environ={})
    ids = {s.id for s in config.schools}
    assert {"beech-hill", "cooper-school", "glory-farm", "st-stephens", "bratton"} <= ids
    assert {t.id for t in config.trusts} == {"bicester-lat", "riverside-federation"}
    assert config.trust_for("glory-farm").name == "Bicester Learning Academy Trust"
    assert config.schedule.cron == "30 2 * * *"
    assert config.schedule.timezone == "Europe/London"
    assert config.reddit is not None and config.reddit.client_secret is None
    beech = config.school("beech-hill")
    assert "Beech Hill Road" in beech.exclude
    assert beech.all_names[0] == "Beech Hill Community Primary School"
    assert config.warehouse_path.is_absolute()


def test_secrets_come_from_environment(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + '\n[reddit]\nuser_agent = "ua"\n\n[smtp]\nhost = "h"\n'
                 'sender = "s@x.example"\n')
    env = {"SCHOOLWATCH_REDDIT_CLIENT_ID": "id1", "SCHOOLWATCH_REDDIT_CLIENT_SECRET": "sec",
           "SCHOOLWATCH_SMTP_PASSWORD": "pw"}
    config = load_config(path, environ=env)
    assert config.reddit.client_id == "id1"
    assert config.reddit.client_secret == "sec"
    assert config.smtp.password == "pw"


@pytest.mark.parametrize(
    ("addition", "expected"),
    [
        ('\n[reddit]\nuser_agent = "ua"\nclient_secret = "x"\n',
         "SCHOOLWATCH_REDDIT_CLIENT_SECRET"),
        ('\n[smtp]\nhost = "h"\nsender = "s@x.example"\npassword = "x"\n',
         "SCHOOLWATCH_SMTP_PASSWORD"),
        ('\n[smtp]\nhost = "h"\nsender = "not-an-email"\n', "'sender' is not an email address"),
        ('\n[smtp]\nhost = "h"\nsender = "s@x.example"\nport = "587"\n',
         "'port' should be a whole number, not text \"587\""),
        ('\n[schedule]\ncron = "30 2 * *"\n', "five fields"),
        ('\n[schedule]\ntimezone = "Europe/Londn"\n', "unknown time zone"),
        ('\n[[feed]]\nurl = "ftp://x"\n', "should start with http"),
        ('\n[[feed]]\nurl = "https://x.example/feed"\nkind = "twitter"\n', "'kind' should be one of"),
        ('\n[classifier]\nthresholds = { abusive = 3 }\n', "between 0 and 1"),
        ('\n[dashbord]\nbase_url = "x"\n', "Did you mean 'dashboard'?"),
        ('\n[[school]]\nid = "bratton"\nname = "Bratton Primary School"\npolicy = "bratton"\n',
         "policy 'bratton' is not one schoolwatch knows. Did you mean 'bratton-primary'?"),
    ],
)
def test_mistakes_are_explained(tmp_path: Path, addition: str, expected: str) -> None:
    path = write(tmp_path, MINIMAL + addition)
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    assert expected in str(info.value)
    assert str(path) in str(info.value)


def test_error_names_the_line_and_school(tmp_path: Path) -> None:
    text = MINIMAL + '\n[[school]]\nid = "Bad Id"\nname = "X"\naliases = "Beech"\n'
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    message = str(info.value)
    lines = text.splitlines()
    alias_line = next(i for i, line in enumerate(lines, 1) if line.startswith('aliases = "Beech"'))
    assert f"line {alias_line}" in message
    assert "'aliases' should be a list of text" in message
    assert "short lowercase letters" in message
    assert "2 problems" in message


def test_syntax_error_is_reported_with_position(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + '\n[smtp\nhost = "x"\n')
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path, environ={})


def test_duplicate_school_ids_and_unknown_trust_members(tmp_path: Path) -> None:
    text = MINIMAL + MINIMAL.split("[[school]]")[1].join(["\n[[school]]", ""]) + (
        '\n[[trust]]\nid = "t"\nname = "T"\nschools = ["nowhere"]\n')
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    assert "used by two schools" in str(info.value)
    assert "no [[school]] has that id" in str(info.value)


def test_targeting_a_persons_account_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace('aliases = ["Beech Hill Primary"]',
                           'aliases = ["Beech Hill Primary"]\naccounts = ["u/someone"]')
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match="never individual people's accounts"):
        load_config(path, environ={})


def test_world_readable_config_warns(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    path.chmod(0o644)
    with pytest.warns(UserWarning, match="chmod 640"):
        load_config(path, environ={})


def test_config_path_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHOOLWATCH_CONFIG", "/tmp/from-env.toml")
    assert resolve_config_path("explicit.toml") == Path("explicit.toml")
    assert resolve_config_path(None) == Path("/tmp/from-env.toml")
    monkeypatch.delenv("SCHOOLWATCH_CONFIG")
    assert resolve_config_path(None) == Path("config.toml")
    assert os.environ.get("SCHOOLWATCH_CONFIG") is None


def test_a_missing_configuration_is_explained_by_where_its_path_came_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    typo = tmp_path / "confg.toml"
    with pytest.raises(ConfigError, match=r"the path given with --config\). Check the spelling"):
        load_config(typo)
    monkeypatch.setenv("SCHOOLWATCH_CONFIG", str(typo))
    with pytest.raises(ConfigError, match="the path in the SCHOOLWATCH_CONFIG setting"):
        load_config()
    monkeypatch.delenv("SCHOOLWATCH_CONFIG")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_config()
    assert "looks for config.toml in this folder" in str(info.value)
    assert "config.example.toml" in str(info.value)  # the example that ships with it
