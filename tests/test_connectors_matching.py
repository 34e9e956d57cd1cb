"""School matching: a labelled set of tricky texts, offsets, and the rules behind them."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from connectors.matching import SchoolMatcher, fold, words_with_offsets
from schoolwatch.config import School, load_config

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "fixtures" / "connectors" / "matching_cases.jsonl"


@pytest.fixture(scope="module")
def schools(tmp_path_factory):
    # A private copy: load_config warns about world-readable files.
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_text((ROOT / "config.example.toml").read_text(encoding="utf-8"), encoding="utf-8")
    path.chmod(0o600)
    return load_config(path, environ={}).schools


@pytest.fixture(scope="module")
def matcher(schools):
    return SchoolMatcher(schools)


def load_cases():
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def test_labelled_tricky_texts_precision_and_recall(matcher):
    cases = load_cases()
    assert len(cases) >= 40
    true_pos = false_pos = false_neg = 0
    wrong: list[str] = []
    for case in cases:
        expected = set(case["schools"])
        found = {m.school_id for m in matcher.match(case["text"])}
        true_pos += len(found & expected)
        false_pos += len(found - expected)
        false_neg += len(expected - found)
        if found != expected:
            wrong.append(f"{case['text']!r}: expected {sorted(expected)}, got {sorted(found)}")
    precision = true_pos / max(1, true_pos + false_pos)
    recall = true_pos / max(1, true_pos + false_neg)
    assert true_pos >= 20  # the set really exercises matches, not only non-matches
    assert precision >= 0.95 and recall >= 0.95, "\n".join(wrong)


def test_offsets_point_into_the_original_text(matcher):
    text = "Ugh. ST. STEPHEN\u2019S ACADEMY (Launceston) again \u2014 and B\u00e9ech Hill Primary."
    matches = matcher.match(text)
    assert [(m.school_id, text[m.start:m.end]) for m in matches] == [
        ("st-stephens", "ST. STEPHEN\u2019S ACADEMY"),
        ("beech-hill", "B\u00e9ech Hill Primary"),
    ]
    assert matches[0].alias == "St Stephen's Academy"   # the alias as configured


def test_longest_name_wins_and_repeats_are_all_reported(matcher):
    text = ("Beech Hill Community Primary School. Later: Beech Hill Primary again, "
            "and Beech Hill school in Luton.")
    matches = matcher.match(text)
    assert [m.alias for m in matches] == ["Beech Hill Community Primary School",
                                          "Beech Hill Primary", "Beech Hill school"]
    assert all(m.school_id == "beech-hill" for m in matches)


def test_context_must_be_near(matcher):
    filler = " ".join(["words"] * 80)
    assert matcher.match(f"Cooper School is great. {filler} Bicester") == []
    assert matcher.match(f"Cooper School is great. {' '.join(['w'] * 10)} Bicester")


def test_a_name_shared_by_two_schools_needs_each_ones_context():
    schools = [
        School(id="st-marys-leeds", name="St Mary's Catholic Primary School", context=("Leeds",)),
        School(id="st-marys-york", name="St Mary's Catholic Primary School", context=("York",)),
    ]
    matcher = SchoolMatcher(schools)
    assert matcher.match("St Mary's Catholic Primary School fete") == []
    found = matcher.match("St Marys Catholic Primary School, York: fete")
    assert [m.school_id for m in found] == ["st-marys-york"]


def test_ambiguous_alias_counts_when_no_context_configured():
    matcher = SchoolMatcher([School(id="x", name="Oakfield Primary School",
                                    aliases=("Oakfield school",))])
    assert [m.alias for m in matcher.match("oakfield school rocks")] == ["Oakfield school"]


def test_fold_and_offsets_agree_on_hostile_text():
    rng = random.Random(7)
    alphabet = "aAé\u00df\u0130'\u2019 ,.-_\u00a0\u200b\u0301ﬁ1Ω\U0001f600\n\"(x)"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        tokens = words_with_offsets(text)
        import re
        assert [t[0] for t in tokens] == re.findall(r"\w+", fold(text))
        for _, start, end in tokens:
            assert 0 <= start < end <= len(text)


def test_scales_to_thousands_of_schools():
    rng = random.Random(1)
    syllables = ["ash", "ford", "brook", "ley", "ton", "wick", "ham", "bury", "field", "wood",
                 "more", "dale", "stone", "well", "by", "thorpe", "mere", "holt", "combe"]
    schools = []
    for i in range(3000):
        place = "".join(rng.choice(syllables) for _ in range(3)).title()
        schools.append(School(id=f"s{i}", name=f"{place} Primary School {i}",
                              aliases=(f"{place} Primary {i}", f"{place} school {i}"),
                              context=(f"Town{i % 50}",)))
    matcher = SchoolMatcher(schools)
    target = schools[1234]
    text = f"Complaint about {target.aliases[0]} today"
    assert [m.school_id for m in matcher.match(text)] == ["s1234"]


@pytest.mark.parametrize(("setting", "expected"), [
    ("", set()),                      # "Bratton school" alone could be Bratton Fleming's
    ("wiltshire", {"bratton"}),       # posted in r/wiltshire: the Wiltshire school
    ("Westbury Journal", {"bratton"}),
    ("Devon", set()),                 # published somewhere else: still unconfirmed
])
def test_place_of_publication_confirms_an_ambiguous_name(matcher, setting, expected):
    text = "Parents at Bratton school say the new car park rules are working well."
    assert {m.school_id for m in matcher.match(text, setting=setting)} == expected
