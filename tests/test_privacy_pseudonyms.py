"""Pseudonyms for author handles, the install key, and when authors are pseudonymised."""

from __future__ import annotations

import json
import stat
import warnings
from pathlib import Path

import pytest
from privacy_support import KEY, T0, close_case, days, item, make_config, open_case, store

from schoolwatch.privacy.keys import SecretKeyError, key_file_for, load_secret_key
from schoolwatch.privacy.pseudonyms import is_pseudonym, pseudonym_for, scrub_raw_record
from warehouse import Warehouse, cases, mentions
from warehouse.retention import apply_retention


def test_same_handle_same_key_gives_same_pseudonym():
    first = pseudonym_for("SchoolGateMum", KEY)
    assert first == pseudonym_for("SchoolGateMum", KEY)
    # Reddit handles are case-insensitive and written with or without u/.
    assert first == pseudonym_for("u/schoolgatemum", KEY) == pseudonym_for(" /u/SCHOOLGATEMUM", KEY)
    assert is_pseudonym(first) and first != "SchoolGateMum"


def test_different_key_or_handle_gives_different_pseudonym():
    assert pseudonym_for("SchoolGateMum", KEY) != pseudonym_for("SchoolGateMum", KEY + b"x")
    assert pseudonym_for("SchoolGateMum", KEY) != pseudonym_for("SchoolGateDad", KEY)


def test_raw_record_scrubbed_of_author_fields():
    raw = {"author": "SchoolGateMum", "author_fullname": "t2_99", "author_flair_text": "mum",
           "body": "hello", "replies": [{"parent_author": "x", "by": "schoolgatemum"}],
           "author_detail": {"name": "SchoolGateMum", "email": "m@mail.example"}}
    out = scrub_raw_record(raw, "SchoolGateMum", "anon-0123456789abcdef")
    assert out["author"] == "anon-0123456789abcdef"
    assert "author_fullname" not in out and "author_detail" not in out
    assert out["replies"][0]["by"] == "anon-0123456789abcdef"
    assert out["body"] == "hello"
    assert "SchoolGateMum" not in json.dumps(out) and "m@mail.example" not in json.dumps(out)


def test_env_key_wins_and_short_key_is_refused(tmp_path):
    assert load_secret_key(tmp_path / "w.duckdb", {"SCHOOLWATCH_SECRET_KEY": "x" * 32}) == \
        b"x" * 32
    assert not key_file_for(tmp_path / "w.duckdb").exists()
    with pytest.warns(UserWarning, match="32 or more are recommended"):  # still works
        assert load_secret_key(tmp_path / "w.duckdb",
                               {"SCHOOLWATCH_SECRET_KEY": "x" * 20}) == b"x" * 20
    with pytest.raises(SecretKeyError, match="too short"):
        load_secret_key(tmp_path / "w.duckdb", {"SCHOOLWATCH_SECRET_KEY": "x" * 15})


def test_key_file_created_private_and_reused(tmp_path):
    warehouse_path = tmp_path / "data" / "schoolwatch.duckdb"
    first = load_secret_key(warehouse_path, {})
    key_file = tmp_path / "data" / "schoolwatch.key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_secret_key(warehouse_path, {}) == first
    assert len(first) >= 32
    key_file.chmod(0o644)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_secret_key(warehouse_path, {})
    assert any("chmod 600" in str(w.message) for w in caught)


def test_authors_pseudonymised_outside_open_cases(tmp_path: Path):
    config = make_config(tmp_path)
    wh = Warehouse(config.warehouse_path)
    with wh.write() as con:
        quiet = store(con, item("q", "Glory Farm fete", author="FeteFan"), ["glory-farm"])
        cases.mark_triaged(con, [(quiet, "glory-farm")])
        in_open = store(con, item("o", "Glory Farm abuse", author="AngryDad"), ["glory-farm"],
                        ["abusive"])
        open_case(con, "glory-farm", [in_open], "t-open")
        in_closed = store(con, item("c", "Glory Farm abuse", author="AngryDad"),
                          ["glory-farm"], ["abusive"])
        closed = open_case(con, "glory-farm", [in_closed], "t-closed")
        close_case(con, closed, "resolved", T0)
        untriaged = store(con, item("u", "Glory Farm news", author="NewsBot"), ["glory-farm"])
    with wh.write() as con:
        counts = apply_retention(con, config, T0 + days(1), key=KEY)
    assert counts["authors_pseudonymised"] == 2
    with wh.read() as con:
        quiet_row = mentions.get(con, quiet)
        assert quiet_row["author"] == pseudonym_for("FeteFan", KEY)
        assert "FeteFan" not in quiet_row["raw_json"]
        assert "t2_abc" not in quiet_row["raw_json"]
        # Staff still need the real handle while the case is open.
        assert mentions.get(con, in_open)["author"] == "AngryDad"
        # Same person, same pseudonym: repeat posters stay recognisable.
        assert mentions.get(con, in_closed)["author"] == pseudonym_for("AngryDad", KEY)
        # Triage has not looked at it yet: it may still need the handle.
        assert mentions.get(con, untriaged)["author"] == "NewsBot"
    with wh.write() as con:
        assert apply_retention(con, config, T0 + days(2), key=KEY)["authors_pseudonymised"] == 0
