"""Posts per second of ``schoolwatch classify`` against a bare eager forward pass.

Run: ``python -m benchmarks.classify_speed [--posts 2000] [--repeats 3]``.

Both sides see the same 2,000 posts (the school-context corpus and OLID
tweets, in a fixed order) in the same run on the same machine:

* **classify**: the whole ``schoolwatch classify`` process, timed from start
  to exit: Python start-up, imports, model load, school matching, detectors,
  scoring (int8 ONNX, length-bucketed windows), policy actions and writing.
* **baseline**: the packaged all-MiniLM-L6-v2 through ``transformers`` in
  eager PyTorch, already loaded, tokenising and running the forward pass in
  batches of 64 in input order, truncated to the classifier's window length
  (the bundle's ``max_length``). Its model load is not timed.

Each side is timed ``--repeats`` times, alternating, and the medians are
compared: on a small shared machine one run now and then takes half as long
again, and alternating spreads such spells over both sides. The ratio
classify/baseline (of the medians) is the figure of merit (target >= 2.0).
Results, every run included, also go to
``benchmarks/results/classify_speed.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from classifiers.model.bundle import DEFAULT_BUNDLE_DIR, read_manifest

ROOT = Path(__file__).resolve().parents[1]
OLID = Path("/work/shared/data/olid/olid-training-v1.0.tsv")
CORPUS = ROOT / "classifiers" / "data" / "school_context" / "posts.jsonl"
CONFIG = ROOT / "config.example.toml"


def sample_posts(count: int) -> list[dict[str, str]]:
    """School-corpus posts first, then OLID tweets, to ``count`` posts."""
    posts: list[dict[str, str]] = []
    if CORPUS.is_file():
        for line in CORPUS.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            posts.append({"id": record["id"], "text": record["text"]})
    if OLID.is_file():
        with OLID.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(posts) >= count:
                    break
                posts.append({"id": f"olid-{row['id']}", "text": row["tweet"]})
    while len(posts) < count:  # no data files: repeat what there is
        posts.append({"id": f"r{len(posts)}", "text": posts[len(posts) % max(1, len(posts))]
                      ["text"] if posts else "Lovely sports day at Beech Hill Primary"})
    return posts[:count]


def write_config(directory: Path, model: str | None) -> Path:
    """config.example.toml, pointed at ``model`` when one is given."""
    text = CONFIG.read_text(encoding="utf-8")
    if model:
        text += f'\n[classifier]\nmodel = "{Path(model).resolve()}"\n'
    path = directory / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def time_classify_process(config: Path, posts_file: Path,
                          out_file: Path) -> tuple[float, float | None, str]:
    """Wall time of the whole ``schoolwatch classify`` process and its reported load time."""
    command = [sys.executable, "-m", "schoolwatch.cli.main", "classify", "--config",
               str(config), "--input", str(posts_file), "--output", str(out_file)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"schoolwatch classify failed:\n{done.stderr}")
    loaded = re.search(r"in ([0-9.]+) s;", done.stderr)
    backend = re.search(r"\(([a-z0-9-]+)\) in", done.stderr)
    return elapsed, float(loaded.group(1)) if loaded else None, \
        backend.group(1) if backend else "?"


class EagerBaseline:
    """The packaged encoder in eager PyTorch, loaded once, timed per pass."""

    def __init__(self) -> None:
        from transformers import AutoModel, AutoTokenizer

        from classifiers.model.encoder import packaged_encoder_path

        started = time.perf_counter()
        path = packaged_encoder_path()
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModel.from_pretrained(path, local_files_only=True).eval()
        self.load_seconds = time.perf_counter() - started

    def time_pass(self, texts: list[str], batch_size: int = 64, max_length: int = 64) -> float:
        """Seconds to tokenise ``texts`` and run the forward pass over them, in batches."""
        import torch

        started = time.perf_counter()
        with torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                batch = self.tokenizer(texts[start:start + batch_size], padding=True,
                                       truncation=True, max_length=max_length,
                                       return_tensors="pt")
                self.model(**batch)
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each side")
    parser.add_argument("--model", default=None,
                        help="classifier folder to time (default: the shipped one)")
    args = parser.parse_args(argv if argv is not None else [])
    posts = sample_posts(args.posts)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    with tempfile.TemporaryDirectory() as tmp:
        posts_file = Path(tmp) / "posts.jsonl"
        posts_file.write_text("".join(json.dumps(p) + "\n" for p in posts), encoding="utf-8")
        config = write_config(Path(tmp), args.model)
        # The baseline reads as many tokens per post as the classifier's windows do.
        max_length = read_manifest(Path(args.model) if args.model else DEFAULT_BUNDLE_DIR
                                   ).max_length
        texts = [p["text"] for p in posts]
        baseline = EagerBaseline()
        # Warm the file cache and both sides once, untimed.
        time_classify_process(config, posts_file, Path(tmp) / "warm.jsonl")
        baseline.time_pass(texts[:128], max_length=max_length)
        classify_runs: list[float] = []
        baseline_runs: list[float] = []
        for _ in range(max(1, args.repeats)):
            seconds, load_seconds, backend = time_classify_process(
                config, posts_file, Path(tmp) / "out.jsonl")
            classify_runs.append(seconds)
            baseline_runs.append(baseline.time_pass(texts, max_length=max_length))
    classify_seconds = statistics.median(classify_runs)
    baseline_seconds = statistics.median(baseline_runs)
    baseline_load = baseline.load_seconds
    result = {
        "posts": len(posts),
        "repeats": len(classify_runs),
        "classify_process_seconds_each_run": [round(s, 2) for s in classify_runs],
        "baseline_seconds_each_run": [round(s, 2) for s in baseline_runs],
        "classify_process_seconds": round(classify_seconds, 2),
        "classify_posts_per_second": round(len(posts) / classify_seconds, 1),
        "classify_backend": backend,
        "classifier_load_seconds": load_seconds,
        "baseline_eager_forward_seconds": round(baseline_seconds, 2),
        "baseline_posts_per_second": round(len(posts) / baseline_seconds, 1),
        "baseline_model_load_seconds_not_counted": round(baseline_load, 2),
        "ratio_classify_over_baseline": round(baseline_seconds / classify_seconds, 2),
        "max_length_tokens": max_length,
        "cpu_count": os.cpu_count(),
    }
    results_dir = ROOT / "benchmarks" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "classify_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
