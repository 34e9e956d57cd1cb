"""The school-context corpus: size, label coverage, splits, and the build being reproducible."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from classifiers.build_school_corpus import (
    DEV_ONLY_SUFFIX,
    SEALED_TEST_SUFFIX,
    SOURCE_DIR,
    assign_splits,
    existing_splits,
    parse_source,
    read_sources,
    render,
    source_ids,
)
from classifiers.evaluate_school import LabelScore, score_labels, wilson_interval
from classifiers.school_corpus import POSTS_PATH, SPLITS, Post, load_posts, load_rosters
from schoolwatch.domain import LABELS

POLICIES = Path("/work/shared/policies")


@pytest.fixture(scope="module")
def posts() -> list[Post]:
    return load_posts()


def test_corpus_is_big_enough_and_every_label_is_well_represented(posts: list[Post]) -> None:
    assert len(posts) >= 700
    counts = Counter(label for post in posts for label in post.labels)
    for label in LABELS:
        assert counts[label] >= 60, label
    assert sum(1 for post in posts if not post.labels) >= 60


CLOSED_TEST_SIZE = 157


def test_splits_are_about_60_20_20_and_every_label_is_in_every_split(posts: list[Post]) -> None:
    sizes = Counter(post.split for post in posts)
    assert set(sizes) == set(SPLITS)
    # The test split is closed once written (157 posts): posts added later go to train
    # and dev, about 3:1, and only whole files written blind as sealed test sets join it.
    sealed = [p for p in posts if p.id in sealed_ids()]
    assert sealed and all(p.split == "test" for p in sealed)
    assert sizes["test"] == CLOSED_TEST_SIZE + len(sealed)
    # Stratified posts (not sealed, not written as a dev-only set) go to train and dev ~3:1.
    dev_only = len(dev_only_ids())
    new = sizes["train"] + sizes["dev"] - dev_only
    assert 0.70 <= sizes["train"] / new <= 0.78
    assert all(p.split == "dev" for p in posts if p.id in dev_only_ids())
    for label in LABELS:
        in_test = sum(1 for p in posts if p.split == "test" and label in p.labels)
        assert in_test >= 12, label


def test_ids_are_unique_and_texts_are_not_repeated(posts: list[Post]) -> None:
    assert len({p.id for p in posts}) == len(posts)
    assert len({p.text.strip().lower() for p in posts}) == len(posts)


def test_posts_jsonl_matches_the_sources() -> None:
    rebuilt = render(assign_splits(read_sources(), existing_splits()))
    assert POSTS_PATH.read_text(encoding="utf-8") == rebuilt


def test_schools_named_by_posts_are_on_the_rosters(posts: list[Post]) -> None:
    ids = {school.id for school in load_rosters()}
    assert {p.school for p in posts if p.school} <= ids


def test_texts_are_varied_not_template_fill(posts: list[Post]) -> None:
    openings = Counter(" ".join(p.text.split()[:3]).lower() for p in posts)
    # No three-word opening in more than one post in 150 ("does anyone know" is the top one).
    assert openings.most_common(1)[0][1] <= max(10, len(posts) // 150)
    lengths = sorted(len(p.text) for p in posts)
    assert lengths[0] < 80 and lengths[-1] > 400


def test_no_real_names_from_the_policies(posts: list[Post]) -> None:
    if not POLICIES.is_dir():
        pytest.skip("the policy documents are not on this machine")
    policy_text = " ".join(p.read_text(encoding="utf-8", errors="replace")
                           for p in POLICIES.glob("*.txt"))
    surnames = set(re.findall(r"\b(?:Mr|Mrs|Miss|Ms|Dr)\.?\s+(?:[A-Z]\.?\s+)?([A-Z][a-z]{2,})",
                              policy_text))
    named = set(re.findall(r"\b([A-Z][a-z]+ [A-Z][a-z]+), Designated", policy_text))
    assert surnames or named  # the check looks at something
    corpus = " ".join(p.text for p in posts)
    roster_names = " ".join(m.name for s in load_rosters() for m in s.staff)
    for name in surnames | named:
        assert not re.search(rf"\b{re.escape(name)}\b", corpus), name
        assert not re.search(rf"\b{re.escape(name)}\b", roster_names), name


def test_existing_splits_never_move_when_posts_are_added(posts: list[Post]) -> None:
    existing = {p.id: p.split for p in posts}
    extra = parse_source("@ - | criticism\nA brand new post about parking.\n", "new.txt", set())
    rebuilt = assign_splits([*posts, *extra], existing)
    assert {p.id: p.split for p in rebuilt if p.id in existing} == existing
    assert rebuilt[-1].split in ("train", "dev")  # the test split is closed


def sealed_ids() -> set[str]:
    return {pid for path in sorted(SOURCE_DIR.glob(f"*{SEALED_TEST_SUFFIX}"))
            for pid in source_ids(path.name)}


def _copy_sources(folder: Path) -> None:
    """The corpus's source files, copied into ``folder`` to add new ones beside them."""
    for path in SOURCE_DIR.glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())


def dev_only_ids() -> set[str]:
    return {pid for path in sorted(SOURCE_DIR.glob(f"*{DEV_ONLY_SUFFIX}"))
            for pid in source_ids(path.name)}


def test_a_dev_only_file_goes_wholly_to_dev_and_moves_nothing(tmp_path: Path) -> None:
    _copy_sources(tmp_path)
    (tmp_path / f"99_new{DEV_ONLY_SUFFIX}").write_text(
        "@ - | abusive\nA dev-only insult, you muppet.\n\n@ - | -\nA dev-only thank you.\n",
        encoding="utf-8")
    existing = existing_splits()
    rebuilt = {p.text: p for p in assign_splits(read_sources(tmp_path), existing)}
    assert rebuilt["A dev-only insult, you muppet."].split == "dev"
    assert rebuilt["A dev-only thank you."].split == "dev"
    assert {p.id: p.split for p in rebuilt.values() if p.id in existing} == existing


def test_dev_only_posts_do_not_use_up_dev_s_share_of_new_posts(tmp_path: Path) -> None:
    _copy_sources(tmp_path)
    new_posts = "\n".join(f"@ - | criticism\nNew stratified post number {n} about parking.\n"
                           for n in range(40))
    (tmp_path / "98_more.txt").write_text(new_posts, encoding="utf-8")
    rebuilt = assign_splits(read_sources(tmp_path), existing_splits())
    splits = Counter(p.split for p in rebuilt if p.text.startswith("New stratified post"))
    assert splits["dev"] >= 5  # about a quarter, not none


def test_a_sealed_test_file_goes_wholly_to_test_and_moves_nothing(tmp_path: Path) -> None:
    _copy_sources(tmp_path)
    (tmp_path / f"99_new{SEALED_TEST_SUFFIX}").write_text(
        "@ - | criticism\nA sealed post about parking.\n\n@ - | -\nA sealed thank you.\n",
        encoding="utf-8")
    (tmp_path / "98_more.txt").write_text("@ - | -\nAn ordinary new post.\n", encoding="utf-8")
    existing = existing_splits()
    rebuilt = {p.text: p for p in assign_splits(read_sources(tmp_path), existing)}
    assert rebuilt["A sealed post about parking."].split == "test"
    assert rebuilt["A sealed thank you."].split == "test"
    assert rebuilt["An ordinary new post."].split in ("train", "dev")
    assert {p.id: p.split for p in rebuilt.values() if p.id in existing} == existing


def test_source_ids_name_the_file_when_it_is_missing() -> None:
    with pytest.raises(ValueError, match="no source file 'nope.txt'"):
        source_ids("nope.txt")


def test_wilson_interval_is_honest_about_few_posts() -> None:
    low, high = wilson_interval(15, 17)
    assert 0.64 < low < 0.66 and 0.96 < high < 0.98
    wide, narrow = wilson_interval(9, 10), wilson_interval(900, 1000)
    assert wide[1] - wide[0] > 3 * (narrow[1] - narrow[0])
    assert wilson_interval(0, 0) == (0.0, 0.0)


def test_source_parser_rejects_mistakes() -> None:
    with pytest.raises(ValueError, match="bad labels"):
        parse_source("@ - | abusive nonsense\nText\n", "x.txt", set())
    with pytest.raises(ValueError, match="unknown school"):
        parse_source("@ nowhere | -\nText\n", "x.txt", {"beech-hill"})
    with pytest.raises(ValueError, match="empty post"):
        parse_source("@ - | -\n\n@ - | -\nText\n", "x.txt", set())
    parsed = parse_source("# comment\n@ - | threat abusive\nTwo\nlines\n", "x.txt", set())
    assert parsed[0].labels == ("abusive", "threat") and parsed[0].text == "Two\nlines"


def test_label_scores_count_correctly() -> None:
    gold = [{"threat"}, {"threat"}, set(), {"abusive"}]
    predicted = [{"threat"}, set(), {"threat"}, {"abusive"}]
    threat, abusive = score_labels(gold, predicted, ("threat", "abusive"))
    assert threat == LabelScore("threat", 2, 1, 1, 1)
    assert (threat.precision, threat.recall, threat.f1) == (0.5, 0.5, 0.5)
    assert abusive.f1 == 1.0


def test_evaluation_reports_detector_scores(tmp_path: Path, capsys) -> None:
    from classifiers.evaluate_school import main

    out = tmp_path / "eval.json"
    assert main(["--split", "dev", "--no-model", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["posts"] == sum(1 for p in load_posts("dev"))
    by_label = {row["label"]: row for row in report["detectors"]}
    assert set(by_label) == {"names_staff", "identifies_pupil", "personal_data"}
    assert by_label["names_staff"]["support"] > 0
    assert "Rule detectors alone" in capsys.readouterr().out


def test_evaluation_refuses_to_list_test_errors() -> None:
    from classifiers.evaluate_school import main

    with pytest.raises(SystemExit):
        main(["--split", "test", "--errors", "--no-model"])
