"""``schoolwatch classify``: label a JSON-lines file of posts.

Each input line is ``{"id": ..., "text": ...}``; each output line keeps the
``id`` and adds ``schools`` (matched school ids), ``labels``, ``scores``,
``spans``, ``severity`` and ``action``. Every post is scored whether or not
a school matched. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from schoolwatch.cli.common import add_config_option, config_from, status
from schoolwatch.errors import SchoolwatchError

CHUNK = 512


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``classify`` command."""
    parser = subparsers.add_parser(
        "classify", help="label posts from a JSON-lines file",
        description="Label each post in --input ({\"id\", \"text\"} per line) and write "
                    "labels, scores, highlighted spans and the recommended action to --output.")
    add_config_option(parser)
    parser.add_argument("--input", required=True, type=Path, metavar="IN.jsonl",
                        help='the posts, one JSON object a line: {"id": ..., "text": ...}')
    parser.add_argument("--output", required=True, type=Path, metavar="OUT.jsonl",
                        help="where to write the results (one line per post, same ids)")
    parser.add_argument("--backend", choices=("auto", "onnx", "torch"), default=None,
                        help="scoring engine (default: int8 ONNX when available)")
    parser.set_defaults(handler=run)


def read_posts(path: Path) -> list[dict[str, Any]]:
    """The posts of a JSON-lines file, with errors that name the line."""
    if not path.is_file():
        raise SchoolwatchError(f"The input file {path} does not exist.")
    posts: list[dict[str, Any]] = []
    with path.open(encoding="utf-8", errors="surrogateescape") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SchoolwatchError(f"{path}, line {number}: not valid JSON ({exc.msg}).") \
                    from exc
            if not isinstance(record, dict) or "text" not in record:
                raise SchoolwatchError(
                    f"{path}, line {number}: each line needs an object with \"id\" and \"text\".")
            if not isinstance(record["text"], str):
                raise SchoolwatchError(f"{path}, line {number}: \"text\" should be a string.")
            posts.append(record)
    return posts


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def run(args: argparse.Namespace) -> int:
    """Classify every post of --input into --output."""
    from classifiers.actions import recommend_for
    from classifiers.api import load_classifier
    from classifiers.school_finder import SchoolFinder

    config = config_from(args)
    posts = read_posts(args.input)
    started = time.monotonic()
    classifier = load_classifier(config, backend=args.backend)
    status(f"Loaded classifier {classifier.version} ({classifier.scorer.backend}) in "
           f"{time.monotonic() - started:.1f} s; classifying {len(posts)} posts.")
    finder = SchoolFinder(config.schools)
    done = 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8", errors="surrogateescape") as out:
        for chunk in chunks(posts, CHUNK):
            texts = [post["text"] for post in chunk]
            matched = [finder.match(text) for text in texts]
            # The detectors look for the rosters of the schools a post is about; a post
            # naming no school is checked against every configured roster.
            results = classifier.classify_each(
                texts, [schools or config.schools for schools in matched])
            for post, schools, result in zip(chunk, matched, results, strict=True):
                recommendation = recommend_for(schools, post, result)
                line = {
                    "id": post.get("id"),
                    "schools": [school.id for school in schools],
                    "labels": list(result.labels),
                    "scores": dict(result.scores),
                    "spans": [span.to_dict() for span in result.spans],
                    "severity": recommendation.severity,
                    "action": recommendation.action,
                    "reason": recommendation.reason,
                    "model_version": result.model_version,
                }
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            done += len(chunk)
            status(f"classify: {done}/{len(posts)} posts")
    elapsed = time.monotonic() - started
    rate = len(posts) / elapsed if elapsed > 0 else 0.0
    status(f"Wrote {len(posts)} results to {args.output} ({rate:.0f} posts/s).")
    return 0
