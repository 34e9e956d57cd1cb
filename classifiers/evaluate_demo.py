"""Per-label precision and recall on the demo corpus, an independent labelled set.

The demo corpus was written by a different author from the training corpus,
so it is a fair out-of-distribution check of what an office would see. Run
``schoolwatch demo`` first, then::

    python -m classifiers.evaluate_demo [--warehouse demo-output/schoolwatch.duckdb]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from schoolwatch.demo.runner import corpus_dir
from schoolwatch.domain import HARM_LABELS, LABELS
from warehouse import Warehouse, classifications


def ground_truth() -> dict[str, list[str]]:
    """Corpus item id (as the connectors store it, minus host prefix) -> true labels."""
    expected = json.loads((corpus_dir() / "expected.json").read_text(encoding="utf-8"))
    return {key.replace("__BASE__", ""): value["labels"] for key, value in expected.items()}


def score(predicted: Mapping[str, Sequence[str]], truth: Mapping[str, Sequence[str]]
          ) -> tuple[int, dict[str, dict[str, float]]]:
    """(items compared, label -> precision/recall/f1/support)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    compared = 0
    long_keys = [key for key in truth if len(key) > 6]
    for external_id, labels in predicted.items():
        key = external_id if external_id in truth else next(
            (k for k in long_keys if external_id.endswith(k)), None)
        if key is None:
            continue
        compared += 1
        wanted, got = set(truth[key]), set(labels)
        tp.update(got & wanted)
        fp.update(got - wanted)
        fn.update(wanted - got)
    table = {}
    for label in LABELS:
        precision = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        recall = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = {"precision": precision, "recall": recall, "f1": f1,
                        "support": tp[label] + fn[label]}
    return compared, table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warehouse", default="demo-output/schoolwatch.duckdb")
    args = parser.parse_args(argv)
    with Warehouse(Path(args.warehouse)).read() as con:
        predicted = classifications.latest_labels_by_external_id(con)
    compared, table = score(predicted, ground_truth())
    print(f"Demo corpus: {compared} classified items compared with expected.json")
    print(f"{'label':18s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>4s}")
    for label, row in table.items():
        print(f"{label:18s} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
              f"{row['support']:4d}")
    harm = [table[label]["f1"] for label in HARM_LABELS]
    print(f"harm macro-F1: {sum(harm) / len(harm):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
