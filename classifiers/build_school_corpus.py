"""Build ``posts.jsonl`` from the hand-written source files of the school-context corpus.

Source format (``classifiers/data/school_context/source/*.txt``)::

    # a comment line (a hash and a space)
    @ <school id or -> | <labels separated by spaces, or ->
    The post text, which may run over several lines.

Each post's id is a hash of its text. Splits are assigned by iterative
stratification over the labels (about 60/20/20), and a post that already has a
split in the existing ``posts.jsonl`` keeps it: the test split is written once
and new posts never move old ones. The one way into the closed test split is a
whole source file written blind as a held-out set: a file named
``*_sealed_test.txt`` puts every one of its posts in test, and nothing is ever
tuned on it. Likewise a file named ``*_dev_only.txt`` (written by authors the
training posts never saw) puts every post in dev, so thresholds are chosen on
writing as unfamiliar to the model as the sealed test sets are.

    python -m classifiers.build_school_corpus          # write posts.jsonl
    python -m classifiers.build_school_corpus --check  # fail if it is out of date
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from classifiers.school_corpus import CORPUS_DIR, POSTS_PATH, SPLITS, Post, load_rosters
from schoolwatch.domain import LABELS

SOURCE_DIR = CORPUS_DIR / "source"
SPLIT_SHARES: Mapping[str, float] = {"train": 0.6, "dev": 0.2, "test": 0.2}
NO_LABEL = "(none)"
SEED = 20240611
# Once a test split exists it is closed: posts written later go to train and dev only,
# unless a whole file was written blind as a sealed test set.
CLOSED_SPLITS: tuple[str, ...] = ("test",)
SEALED_TEST_SUFFIX = "_sealed_test.txt"
DEV_ONLY_SUFFIX = "_dev_only.txt"
_HEADER = re.compile(r"^@ (?P<school>\S+) \| (?P<labels>.+)$")


def post_id(text: str) -> str:
    """Stable id from the text: editing a label keeps the id, editing the text does not."""
    return "sc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def parse_source(text: str, origin: str, school_ids: set[str]) -> list[Post]:
    """Posts (with an empty split) from one source file's text."""
    posts: list[Post] = []
    header: re.Match[str] | None = None
    body: list[str] = []

    def flush() -> None:
        if header is None:
            return
        content = "\n".join(body).strip()
        if not content:
            raise ValueError(f"{origin}: empty post under {header.group(0)!r}")
        labels = tuple(header.group("labels").split())
        if labels == ("-",):
            labels = ()
        bad = [label for label in labels if label not in LABELS]
        if bad or len(set(labels)) != len(labels):
            raise ValueError(f"{origin}: bad labels {labels} in {header.group(0)!r}")
        school = header.group("school")
        if school != "-" and school not in school_ids:
            raise ValueError(f"{origin}: unknown school {school!r}")
        ordered = tuple(label for label in LABELS if label in labels)
        posts.append(Post(id=post_id(content), text=content, labels=ordered,
                          school=None if school == "-" else school, split=""))

    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            flush()
            header, body = match, []
        elif line.startswith("# ") or line == "#":
            continue
        elif header is not None:
            body.append(line)
        elif line.strip():
            raise ValueError(f"{origin}: text before the first '@' header: {line[:40]!r}")
    flush()
    return posts


def read_sources(source_dir: Path = SOURCE_DIR) -> list[Post]:
    """Every post in every source file, in file order; duplicate texts are an error."""
    school_ids = {school.id for school in load_rosters()}
    posts: list[Post] = []
    for path in sorted(source_dir.glob("*.txt")):
        parsed = parse_source(path.read_text(encoding="utf-8"), path.name, school_ids)
        if path.name.endswith(SEALED_TEST_SUFFIX):
            parsed = [replace(post, split="test") for post in parsed]
        elif path.name.endswith(DEV_ONLY_SUFFIX):
            parsed = [replace(post, split="dev") for post in parsed]
        posts.extend(parsed)
    counts = Counter(post.id for post in posts)
    duplicates = [pid for pid, count in counts.items() if count > 1]
    if duplicates:
        raise ValueError(f"duplicate post texts: {duplicates}")
    return posts


def _keys(post: Post) -> tuple[str, ...]:
    return post.labels or (NO_LABEL,)


def assign_splits(posts: Sequence[Post], existing: Mapping[str, str],
                  seed: int = SEED) -> list[Post]:
    """Give every post a split: keep ``existing`` and preset ones, stratify the rest.

    Once ``existing`` has a test split, new posts go to train and dev only, so
    the held-out test set stays the one written first. Iterative stratification
    (Sechidis et al. 2011): take the label with the
    fewest unassigned posts, and send each of its posts to the split that most
    lacks that label, breaking ties by the split that most lacks posts overall.
    """
    # Posts of sealed and dev-only files are placed by their file, outside the
    # 60/20/20 shares: counting them would leave dev looking full, and every new
    # post would go to train.
    stratified = [post for post in posts if not post.split]
    totals = Counter(key for post in stratified for key in _keys(post))
    wanted = {split: {key: totals[key] * share for key in totals}
              for split, share in SPLIT_SHARES.items()}
    wanted_posts = {split: len(stratified) * share for split, share in SPLIT_SHARES.items()}
    result: dict[str, str] = {}
    for post in posts:
        split = existing.get(post.id) or post.split  # sealed / dev-only files preset it
        if split in SPLITS:
            result[post.id] = split
            if not post.split:
                wanted_posts[split] -= 1
                for key in _keys(post):
                    wanted[split][key] -= 1
    pending = [post for post in posts if post.id not in result]
    closed = set(CLOSED_SPLITS) & set(result.values())
    open_splits = tuple(split for split in SPLITS if split not in closed)
    random.Random(seed).shuffle(pending)  # noqa: S311 - a reproducible split, not security
    while pending:
        remaining = Counter(key for post in pending for key in _keys(post))
        rarest = min(remaining, key=lambda key: (remaining[key], key))
        chosen = [post for post in pending if rarest in _keys(post)]
        for post in chosen:
            split = max(open_splits, key=lambda s: (wanted[s][rarest], wanted_posts[s]))
            result[post.id] = split
            wanted_posts[split] -= 1
            for key in _keys(post):
                wanted[split][key] -= 1
        chosen_ids = {post.id for post in chosen}
        pending = [post for post in pending if post.id not in chosen_ids]
    return [replace(post, split=result[post.id]) for post in posts]


def source_ids(name: str, source_dir: Path = SOURCE_DIR) -> set[str]:
    """Ids of the posts in one source file (to evaluate one author's posts alone)."""
    path = source_dir / name
    if not path.is_file():
        known = ", ".join(p.name for p in sorted(source_dir.glob("*.txt")))
        raise ValueError(f"no source file {name!r}; the source files are: {known}")
    school_ids = {school.id for school in load_rosters()}
    return {post.id for post in parse_source(path.read_text(encoding="utf-8"), name, school_ids)}


def existing_splits(path: Path = POSTS_PATH) -> dict[str, str]:
    """Split per post id in the current ``posts.jsonl`` (empty when there is none)."""
    if not path.exists():
        return {}
    splits: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            splits[record["id"]] = record["split"]
    return splits


def render(posts: Iterable[Post]) -> str:
    """The jsonl text for these posts."""
    return "".join(json.dumps(post.to_dict(), ensure_ascii=False) + "\n" for post in posts)


def summary(posts: Sequence[Post]) -> str:
    """A table of positives per label and split, for the report and the guide."""
    header = f"{'label':<18}" + "".join(f"{split:>7}" for split in SPLITS) + f"{'all':>7}"
    lines = [header]
    for key in (*LABELS, NO_LABEL):
        counts = [sum(1 for p in posts if p.split == s and key in _keys(p)) for s in SPLITS]
        lines.append(f"{key:<18}" + "".join(f"{c:>7}" for c in counts) + f"{sum(counts):>7}")
    sizes = [sum(1 for p in posts if p.split == s) for s in SPLITS]
    lines.append(f"{'posts':<18}" + "".join(f"{c:>7}" for c in sizes) + f"{len(posts):>7}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that posts.jsonl matches the sources")
    args = parser.parse_args(argv)
    posts = assign_splits(read_sources(), existing_splits())
    text = render(posts)
    if args.check:
        current = POSTS_PATH.read_text(encoding="utf-8") if POSTS_PATH.exists() else ""
        if current != text:
            print("posts.jsonl is out of date: run python -m classifiers.build_school_corpus",
                  file=sys.stderr)
            return 1
        print("posts.jsonl is up to date")
        return 0
    POSTS_PATH.write_text(text, encoding="utf-8")
    print(summary(posts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
