"""The OLID side experiments run end to end on a tiny encoder built in the test."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from classifiers.training.olid_probes import (
    davidson_text,
    davidson_then_olid,
    load_davidson,
    plain_sequence_classification,
)
from tests.fixtures.classifiers.tiny_model import make_tiny_encoder, make_tiny_olid

DAVIDSON_ROWS = [
    ("0", "RT @someone: you people are vermin &amp; should go back", "0"),
    ("1", "@mate shut up you idiot http://t.co/abc", "1"),
    ("2", "lovely day at the park with the kids", "2"),
    ("3", "RT RT @a: great game last night", "2"),
]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("probes")
    davidson = root / "labeled_data.csv"
    with davidson.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", "count", "hate_speech", "offensive_language", "neither", "class",
                         "tweet"])
        for row_id, tweet, label in DAVIDSON_ROWS * 3:
            writer.writerow([row_id, 3, 0, 0, 0, label, tweet])
    return {"root": root, "encoder": make_tiny_encoder(root / "encoder"),
            "olid": make_tiny_olid(root / "olid.tsv"), "davidson": davidson}


def test_davidson_tweets_follow_olid_conventions() -> None:
    assert davidson_text("RT @someone: you &amp; me http://t.co/x") == "@USER: you & me URL"
    assert davidson_text("RT RT @a: hi") == "@USER: hi"


def test_davidson_hate_and_offensive_count_as_offensive(files: dict[str, Path]) -> None:
    examples = load_davidson(files["davidson"])
    assert [max(e.targets) for e in examples[:4]] == [1.0, 1.0, 0.0, 0.0]
    assert all(sum(e.mask) == 1 for e in examples)  # only the offensive output is trained


def test_both_recipes_report_olid_dev_per_epoch(files: dict[str, Path]) -> None:
    plain = plain_sequence_classification(files["olid"], str(files["encoder"]), epochs=2,
                                          max_steps=2)
    assert [h["epoch"] for h in plain] == [1, 2]
    assert all(0 <= h["olid_dev_macro_f1"] <= 1 for h in plain)
    result = davidson_then_olid(files["olid"], files["davidson"], files["root"] / "work",
                                str(files["encoder"]), olid_epochs=1, max_steps=2)
    assert len(result["after_davidson"]) == 1 and len(result["olid_epochs"]) == 1
    assert 0 <= result["olid_epochs"][0]["olid_dev_macro_f1"] <= 1
