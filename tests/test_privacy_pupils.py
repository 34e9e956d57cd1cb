"""Pupil names: only keyed hashes are stored, and they still find names in posts."""

from __future__ import annotations

from pathlib import Path

from privacy_support import KEY, T0, days, make_config

from schoolwatch.privacy.pupils import PupilMatcher, hash_name, hash_roster
from warehouse import Warehouse, audit, pupils
from warehouse.retention import apply_retention

# Fictional pupils.
ROSTER = '  pupils = ["Ellery Quistwood", "Marnie O\'Sullivan-Pike", "Tobiah Renwick"]'


def test_hash_is_keyed_and_normalised():
    one = hash_name("Ellery  Quistwood", KEY)
    assert one == hash_name("ellery quistwood", KEY)
    assert one != hash_name("Ellery Quistwood", KEY + b"other")
    assert one.token_count == 2 and len(one.name_hash) == 64
    assert "ellery" not in one.name_hash
    assert hash_name("1234", KEY) is None


def test_matcher_finds_roster_names_by_hash_only():
    roster = hash_roster(["Ellery Quistwood", "Marnie O'Sullivan-Pike"], KEY)
    matcher = PupilMatcher(roster, KEY)
    text = "Saw ELLERY Quistwood crying; marnie o’sullivan-pike was there. Ellery alone."
    spans = matcher.find(text)
    assert [text[s.start:s.end] for s in spans] == ["ELLERY Quistwood",
                                                    "marnie o’sullivan-pike"]
    assert all(s.text == "" and s.kind == "pupil_name" for s in spans)
    assert PupilMatcher(roster, KEY + b"x").find(text) == []
    assert not PupilMatcher([], KEY)


def test_config_pupils_hidden_from_repr(tmp_path: Path):
    config = make_config(tmp_path, school_extra=ROSTER)
    school = config.school("beech-hill")
    assert len(school.pupils) == 3
    assert "Quistwood" not in repr(config)


def test_plain_pupil_names_never_reach_the_warehouse_file(tmp_path: Path):
    config = make_config(tmp_path, school_extra=ROSTER)
    wh = Warehouse(config.warehouse_path)
    with wh.write() as con:
        counts = apply_retention(con, config, T0 + days(1), key=KEY)
        # A positive control written the ordinary way: the byte search must see it.
        audit.log(con, "Octavia Brennersley", "control", "test")
    assert counts["pupil_hashes"] == 3
    with wh.read() as con:
        stored = pupils.roster(con, "beech-hill")
    matcher = PupilMatcher(stored, KEY)
    assert len(matcher.find("Tobiah Renwick and Ellery Quistwood")) == 2

    data = b"".join(p.read_bytes() for p in tmp_path.glob("sw.duckdb*"))
    assert b"Octavia Brennersley" in data
    for name in ("Ellery Quistwood", "Quistwood", "Renwick", "Sullivan-Pike"):
        for form in (name, name.lower(), name.upper()):
            assert form.encode("utf-8") not in data
            assert form.encode("utf-16-le") not in data


def test_roster_changes_follow_the_config(tmp_path: Path):
    config = make_config(tmp_path, school_extra=ROSTER)
    wh = Warehouse(config.warehouse_path)
    with wh.write() as con:
        apply_retention(con, config, T0, key=KEY)
    smaller = make_config(tmp_path, school_extra='  pupils = ["Tobiah Renwick"]')
    with wh.write() as con:
        assert apply_retention(con, smaller, T0, key=KEY)["pupil_hashes"] == 1
        assert pupils.roster(con) == [hash_name("Tobiah Renwick", KEY)]
