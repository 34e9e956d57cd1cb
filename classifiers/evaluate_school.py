"""Per-label precision, recall and F1 on the school-context corpus.

    python -m classifiers.evaluate_school                  # test split, detectors + model
    python -m classifiers.evaluate_school --split dev --errors
    python -m classifiers.evaluate_school --no-model --json out.json
    python -m classifiers.evaluate_school --speed          # detectors on 2,000 posts
    python -m classifiers.evaluate_school --source 15_fifth_author_sealed_test.txt

Reports (a) the rule detectors alone on the labels they carry (names_staff,
identifies_pupil, personal_data), and (b) the classifier from
``classifiers.api.load_classifier`` (model + detectors) on every label, with the
issue's targets: macro-F1 over the eight harm labels >= 0.85, names_staff F1 >=
0.95, threat recall >= 0.90. ``--errors`` lists mistakes, and refuses to on the
test split: looking at test errors is how a test set stops being one.

Each post is checked against the roster of the school it is about (``--schools
post``, the default; posts about no school get every roster, as
``schoolwatch classify`` does for posts that match no school) or against every
roster (``--schools all``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from classifiers.build_school_corpus import source_ids
from classifiers.detectors import detect, label_hints
from classifiers.school_corpus import POSTS_PATH, ROSTERS_PATH, Post, load_posts, load_rosters
from schoolwatch.config import School
from schoolwatch.domain import HARM_LABELS, LABELS

DETECTOR_LABELS: tuple[str, ...] = ("names_staff", "identifies_pupil", "personal_data")
HINT_THRESHOLD = 0.5
TARGETS = {"macro_f1_harm": 0.85, "names_staff_f1": 0.95, "threat_recall": 0.90}


@dataclass(frozen=True)
class LabelScore:
    """Counts and scores for one label."""

    label: str
    support: int
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int | str]:
        return {"label": self.label, "support": self.support, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.true_positives, "fp": self.false_positives,
                "fn": self.false_negatives}


def score_labels(gold: Sequence[set[str]], predicted: Sequence[set[str]],
                 labels: Sequence[str]) -> list[LabelScore]:
    """Per-label counts of predicted vs gold label sets."""
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if label in g and label in p)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if label not in g and label in p)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if label in g and label not in p)
        scores.append(LabelScore(label, tp + fn, tp, fp, fn))
    return scores


def schools_for(post: Post, rosters: Sequence[School], mode: str) -> Sequence[School]:
    """The rosters a post is checked against."""
    if mode == "post" and post.school:
        return [s for s in rosters if s.id == post.school]
    return rosters


def detector_labels(posts: Sequence[Post], rosters: Sequence[School], mode: str
                    ) -> list[set[str]]:
    """The labels the detectors' hints alone give each post."""
    return [{label for label, score in label_hints(detect(p.text, schools_for(p, rosters, mode)))
             .items() if score >= HINT_THRESHOLD} for p in posts]


def classifier_labels(posts: Sequence[Post], rosters: Sequence[School], mode: str,
                      bundle: Path | None = None) -> tuple[list[set[str]], str] | None:
    """Labels from ``classifiers.api.load_classifier`` (None when there is no classifier)."""
    try:
        from classifiers.api import load_classifier
        from schoolwatch.config import load_config
    except ImportError:
        return None
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        config = load_config(ROSTERS_PATH)
    try:
        classifier = load_classifier(config, bundle=bundle)
    except Exception as exc:  # noqa: BLE001 - report why, then carry on with detectors
        print(f"(no classifier: {exc})", file=sys.stderr)
        return None
    results = classifier.classify_each([p.text for p in posts],
                                       [schools_for(p, rosters, mode) for p in posts])
    return [set(r.labels) for r in results], classifier.version


def format_table(title: str, scores: Sequence[LabelScore]) -> str:
    lines = [title, f"  {'label':<18}{'support':>8}{'P':>8}{'R':>8}{'F1':>8}"]
    for s in scores:
        lines.append(f"  {s.label:<18}{s.support:>8}{s.precision:>8.3f}{s.recall:>8.3f}"
                     f"{s.f1:>8.3f}")
    return "\n".join(lines)


def summary_against_targets(scores: Sequence[LabelScore]) -> dict[str, float]:
    by_label = {s.label: s for s in scores}
    harm = [by_label[label].f1 for label in HARM_LABELS if label in by_label]
    return {"macro_f1_harm": sum(harm) / len(harm) if harm else 0.0,
            "names_staff_f1": by_label["names_staff"].f1 if "names_staff" in by_label else 0.0,
            "threat_recall": by_label["threat"].recall if "threat" in by_label else 0.0}


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for a proportion: how far a recall on few posts can be trusted."""
    if not trials:
        return 0.0, 0.0
    share = successes / trials
    centre = share + z * z / (2 * trials)
    spread = z * ((share * (1 - share) + z * z / (4 * trials)) / trials) ** 0.5
    denominator = 1 + z * z / trials
    return (centre - spread) / denominator, (centre + spread) / denominator


def print_errors(posts: Sequence[Post], predicted: Sequence[set[str]], labels: Sequence[str],
                 rosters: Sequence[School], mode: str) -> None:
    for post, pred in zip(posts, predicted, strict=True):
        gold = set(post.labels) & set(labels)
        pred = pred & set(labels)
        if gold != pred:
            spans = detect(post.text, schools_for(post, rosters, mode))
            print(f"- {post.id} missed={sorted(gold - pred)} extra={sorted(pred - gold)}")
            print(f"  {post.text[:300]!r}")
            for span in spans:
                print(f"    {span.kind}: {span.text!r} {span.detail}")


def measure_speed(rosters: Sequence[School], count: int = 2000, rounds: int = 3
                  ) -> dict[str, float]:
    """CPU seconds for ``detect`` on ``count`` corpus posts (every roster), against a bare
    regex tokenisation of the same posts measured in the same run; best of ``rounds``."""
    texts = [p.text for p in load_posts()]
    batch = list(itertools.islice(itertools.cycle(texts), count))
    detect(batch[0], rosters)  # compile the rosters once, as a long run would
    word = re.compile(r"\w+")
    best_detect = best_baseline = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for text in batch:
            word.findall(text)
        baseline = time.process_time() - started
        started = time.process_time()
        for text in batch:
            detect(text, rosters)
        best_detect = min(best_detect, time.process_time() - started)
        best_baseline = min(best_baseline, baseline)
    return {"posts": count, "detect_cpu_s": best_detect, "baseline_cpu_s": best_baseline,
            "ratio_to_baseline": best_detect / best_baseline if best_baseline else 0.0,
            "posts_per_s": count / best_detect if best_detect else 0.0}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate on the school-context corpus.")
    parser.add_argument("--split", default="test", choices=("train", "dev", "test", "train+dev"))
    parser.add_argument("--schools", default="post", choices=("post", "all"))
    parser.add_argument("--no-model", action="store_true", help="detectors only")
    parser.add_argument("--bundle", type=Path,
                        help="a classifier folder written by `schoolwatch train` "
                             "(default: the shipped one)")
    parser.add_argument("--errors", action="store_true", help="list mistakes (not on test)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--posts", type=Path, default=POSTS_PATH)
    parser.add_argument("--source", metavar="FILE",
                        help="only the posts of this source file (e.g. one author's sealed "
                             "test set), within the split")
    parser.add_argument("--speed", action="store_true",
                        help="time the detectors on 2,000 posts and stop")
    args = parser.parse_args(argv)
    if args.speed:
        speed = measure_speed(load_rosters())
        print(f"detect(): {speed['posts']} posts, every roster: {speed['detect_cpu_s']:.3f} s CPU "
              f"({speed['posts_per_s']:.0f} posts/s); bare regex tokenising the same posts: "
              f"{speed['baseline_cpu_s']:.3f} s; ratio {speed['ratio_to_baseline']:.1f}x")
        return 0
    if args.errors and args.split == "test":
        parser.error("--errors is refused on the test split; use --split dev or train")
    splits = args.split.split("+")
    posts = load_posts(splits, args.posts)
    if args.source:
        try:
            wanted = source_ids(args.source)
        except ValueError as error:
            parser.error(str(error))
        posts = [p for p in posts if p.id in wanted]
    rosters = load_rosters()
    gold = [set(p.labels) for p in posts]
    report: dict[str, object] = {"split": args.split, "source": args.source,
                                 "posts": len(posts), "schools": args.schools}

    started = time.perf_counter()
    predicted = detector_labels(posts, rosters, args.schools)
    elapsed = time.perf_counter() - started
    detector_scores = score_labels(gold, predicted, DETECTOR_LABELS)
    part = f" from {args.source}" if args.source else ""
    print(f"School-context corpus, {args.split} split{part}: {len(posts)} posts "
          f"(rosters: {args.schools})\n")
    print(format_table(f"(a) Rule detectors alone (hint >= {HINT_THRESHOLD}; "
                       f"{elapsed * 1000:.0f} ms for {len(posts)} posts)", detector_scores))
    report["detectors"] = [s.to_dict() for s in detector_scores]
    if args.errors:
        print("\nDetector mistakes:")
        print_errors(posts, predicted, DETECTOR_LABELS, rosters, args.schools)

    if not args.no_model:
        result = classifier_labels(posts, rosters, args.schools, args.bundle)
        if result is None:
            print("\n(b) Classifier: not available (classifiers.api.load_classifier)")
        else:
            model_predicted, version = result
            model_scores = score_labels(gold, model_predicted, LABELS)
            summary = summary_against_targets(model_scores)
            print()
            print(format_table(f"(b) Classifier {version} (model + detectors)", model_scores))
            for key, target in TARGETS.items():
                verdict = "meets" if summary[key] >= target else "BELOW"
                print(f"  {key:<16}{summary[key]:.3f}  target >= {target:.2f}  {verdict}")
            threat = next(s for s in model_scores if s.label == "threat")
            low, high = wilson_interval(threat.true_positives, threat.support)
            print(f"  threat: {threat.true_positives} of {threat.support} found "
                  f"(95% interval for recall {low:.2f}-{high:.2f})")
            report["classifier"] = {"version": version,
                                    "labels": [s.to_dict() for s in model_scores],
                                    "summary": summary, "targets": TARGETS}
            if args.errors:
                print("\nClassifier mistakes:")
                print_errors(posts, model_predicted, LABELS, rosters, args.schools)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
