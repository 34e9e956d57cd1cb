"""Training examples: OLID tweets and the school-context corpus, split reproducibly.

Every example carries a target and a mask per label: OLID only tells us
whether a tweet is offensive, so its other labels are masked out of the
loss; the school corpus labels all nine. OLID's "offensive" (any profanity,
insult or threat in a tweet) is broader than the school corpus's ``abusive``
(swearing at nothing is not abusive there), so by default OLID trains its
own auxiliary output, ``offensive``, and the school corpus the nine labels.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from schoolwatch.domain import LABELS

OLID_DEFAULT = Path("/work/shared/data/olid/olid-training-v1.0.tsv")
SCHOOL_CORPUS_DEFAULT = Path(__file__).resolve().parents[1] / "data" / "school_context"
OFFENSIVE_LABEL = "offensive"  # OLID's target: an auxiliary output next to the nine labels
LEGACY_OFFENSIVE_LABEL = "abusive"  # bundles trained before the auxiliary output existed
AUXILIARY_LABELS: tuple[str, ...] = (OFFENSIVE_LABEL,)
MODEL_LABELS: tuple[str, ...] = (*LABELS, *AUXILIARY_LABELS)


def offensive_label(labels: Sequence[str]) -> str:
    """The output that carries OLID's offensive/not decision in a model with these labels."""
    return OFFENSIVE_LABEL if OFFENSIVE_LABEL in labels else LEGACY_OFFENSIVE_LABEL


@dataclass(frozen=True)
class Example:
    """One text with per-label targets (0/1) and masks (1 = supervised)."""

    id: str
    text: str
    targets: tuple[float, ...]
    mask: tuple[float, ...]
    source: str
    school: str | None = None  # the school a corpus post is about, if any


@dataclass(frozen=True)
class Splits:
    """Train, dev and test examples of one dataset."""

    train: list[Example]
    dev: list[Example]
    test: list[Example]


def olid_example(tweet_id: str, text: str, offensive: bool,
                 labels: Sequence[str] = MODEL_LABELS) -> Example:
    """An OLID tweet: supervises only the offensive output."""
    target = offensive_label(labels)
    targets = tuple(1.0 if (name == target and offensive) else 0.0 for name in labels)
    mask = tuple(1.0 if name == target else 0.0 for name in labels)
    return Example(id=f"olid:{tweet_id}", text=text, targets=targets, mask=mask, source="olid")


def load_olid(path: Path = OLID_DEFAULT, seed: int = 13, dev_fraction: float = 0.1,
              test_fraction: float = 0.1, labels: Sequence[str] = MODEL_LABELS) -> Splits:
    """OLID level A split into train/dev/test, stratified by class, with a fixed seed."""
    by_class: dict[bool, list[Example]] = {True: [], False: []}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            offensive = row["subtask_a"].strip() == "OFF"
            by_class[offensive].append(olid_example(row["id"], row["tweet"], offensive, labels))
    rng = random.Random(seed)  # noqa: S311 - reproducible splits, not secrets
    train: list[Example] = []
    dev: list[Example] = []
    test: list[Example] = []
    for key in (False, True):
        items = sorted(by_class[key], key=lambda e: e.id)
        rng.shuffle(items)
        n_test = round(len(items) * test_fraction)
        n_dev = round(len(items) * dev_fraction)
        test += items[:n_test]
        dev += items[n_test:n_test + n_dev]
        train += items[n_test + n_dev:]
    rng.shuffle(train)
    return Splits(train=train, dev=dev, test=test)


def school_example(record: dict, labels: Sequence[str] = MODEL_LABELS) -> Example:
    """A school-corpus record ``{"id", "text", "labels", "split"}``: the nine labels
    supervised, auxiliary outputs masked."""
    present = set(record.get("labels") or [])
    unknown = present - (set(labels) - set(AUXILIARY_LABELS))  # auxiliary outputs are OLID's
    if unknown:
        raise ValueError(f"record {record.get('id')!r} has unknown labels {sorted(unknown)}")
    return Example(
        id=f"school:{record['id']}", text=str(record["text"]),
        targets=tuple(1.0 if name in present else 0.0 for name in labels),
        mask=tuple(0.0 if name in AUXILIARY_LABELS else 1.0 for name in labels),
        source="school", school=record.get("school"),
    )


def read_jsonl(paths: Iterable[Path]) -> list[dict]:
    """All records of the given JSON-lines files, in file order."""
    records: list[dict] = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line_number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        records.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{path}:{line_number}: not JSON ({exc})") from exc
    return records


def load_school_corpus(directory: Path = SCHOOL_CORPUS_DEFAULT,
                       labels: Sequence[str] = MODEL_LABELS) -> Splits:
    """The labelled school-context corpus, split by each record's ``split`` field."""
    files = sorted(directory.glob("*.jsonl")) if directory.is_dir() else []
    if not files:
        raise FileNotFoundError(f"no school-context corpus (*.jsonl) in {directory}")
    parts: dict[str, list[Example]] = {"train": [], "dev": [], "test": []}
    for record in read_jsonl(files):
        split = record.get("split", "train")
        if split not in parts:
            raise ValueError(f"record {record.get('id')!r} has unknown split {split!r}")
        parts[split].append(school_example(record, labels))
    return Splits(**parts)


def normalised(splits: Splits, normalise: Callable[[str], str]) -> Splits:
    """The same splits with every text passed through ``normalise`` (as the runtime will)."""
    def each(examples: list[Example]) -> list[Example]:
        return [replace(e, text=normalise(e.text)) for e in examples]
    return Splits(train=each(splits.train), dev=each(splits.dev), test=each(splits.test))


def corpus_files(directory: Path) -> list[Path]:
    """The corpus files a training run read (for the manifest)."""
    return sorted(directory.glob("*.jsonl")) if directory.is_dir() else []
