"""The labelled school-context corpus: posts about fictional UK schools and their rosters.

The corpus lives in ``classifiers/data/school_context/``: ``posts.jsonl`` (one post per
line: ``id``, ``text``, ``labels``, ``school``, ``split``), ``rosters.toml`` (the
fictional schools and staff the posts talk about) and ``GUIDE.md`` (how it was
labelled). ``posts.jsonl`` is generated from ``source/*.txt`` by
``python -m classifiers.build_school_corpus``; the split of a post never changes
once written, so the test split stays unseen.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from schoolwatch.config import School, load_config
from schoolwatch.domain import LABELS

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "school_context"
POSTS_PATH = CORPUS_DIR / "posts.jsonl"
ROSTERS_PATH = CORPUS_DIR / "rosters.toml"
SPLITS: tuple[str, ...] = ("train", "dev", "test")


@dataclass(frozen=True)
class Post:
    """One labelled post."""

    id: str
    text: str
    labels: tuple[str, ...]
    school: str | None
    split: str

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "labels": list(self.labels),
                "school": self.school, "split": self.split}


def parse_post(record: dict[str, object]) -> Post:
    """Validate one jsonl record and return it as a :class:`Post`."""
    labels = tuple(str(label) for label in record.get("labels", []))  # type: ignore[union-attr]
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise ValueError(f"post {record.get('id')}: unknown labels {unknown}")
    split = str(record.get("split", ""))
    if split not in SPLITS:
        raise ValueError(f"post {record.get('id')}: split should be one of {SPLITS}")
    school = record.get("school")
    return Post(id=str(record["id"]), text=str(record["text"]), labels=labels,
                school=str(school) if school else None, split=split)


def load_posts(split: str | Sequence[str] | None = None,
               path: Path = POSTS_PATH) -> list[Post]:
    """All posts, or those in the given split(s), in file order."""
    wanted: set[str] | None
    if split is None:
        wanted = None
    elif isinstance(split, str):
        wanted = {split}
    else:
        wanted = set(split)
    posts: list[Post] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                post = parse_post(json.loads(line))
                if wanted is None or post.split in wanted:
                    posts.append(post)
    return posts


def load_rosters(path: Path = ROSTERS_PATH) -> tuple[School, ...]:
    """The fictional schools (with staff) that the corpus is written about."""
    with warnings.catch_warnings():
        # The roster file is public test data, so its file mode does not matter.
        warnings.simplefilter("ignore", UserWarning)
        return load_config(path).schools
