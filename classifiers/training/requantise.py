"""Rebuild a bundle's int8 ONNX graph from its stored weights, then choose its thresholds again.

To switch a bundle between per-token, static and dynamic int8 (or to check
the quantiser alone): the network is rebuilt from ``weights.fp16.safetensors``,
exported, quantised (for static, ranges calibrated on the school corpus's
training split), and measured exactly as ``schoolwatch train`` measures a new
bundle (thresholds on dev, metrics on test, both backends).

    python -m classifiers.training.requantise --bundle DIR [--quantisation per-token]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from classifiers.model.bundle import (
    MANIFEST_NAME,
    ONNX_NAME,
    TOKENIZER_NAME,
    read_manifest,
    sha256_file,
)
from classifiers.model.normalise import get_normaliser
from classifiers.model.runtime import TorchScorer
from classifiers.training.data import (
    OLID_DEFAULT,
    SCHOOL_CORPUS_DEFAULT,
    load_olid,
    load_school_corpus,
)
from classifiers.training.evaluate import choose_thresholds_and_measure
from classifiers.training.export import (
    QUANTISATIONS,
    calibration_windows,
    export_onnx,
    quantisation_record,
)


def requantise(bundle: Path, method: str = "per-token", school_dir: Path = SCHOOL_CORPUS_DEFAULT,
               olid_path: Path = OLID_DEFAULT) -> dict:
    """Write ``bundle``'s ONNX graph again, quantised by ``method``; returns the new manifest."""
    from transformers import PreTrainedTokenizerFast

    manifest = read_manifest(bundle)
    network = TorchScorer(bundle, manifest).network
    tokenizer = PreTrainedTokenizerFast(tokenizer_file=str(bundle / TOKENIZER_NAME))
    normalise = get_normaliser(manifest.text_normalisation)
    school = load_school_corpus(school_dir)
    calibration = (calibration_windows(tokenizer, [normalise(e.text) for e in school.train],
                                       manifest.max_length) if method == "static" else [])
    export_onnx(network, bundle / ONNX_NAME, method, calibration)
    (bundle / ONNX_NAME).chmod(0o644)
    path = bundle / MANIFEST_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    data["files"][ONNX_NAME] = sha256_file(bundle / ONNX_NAME)
    data["training"]["quantisation"] = {**quantisation_record(method, len(calibration)),
                                        "rebuilt_from": "weights.fp16.safetensors"}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    olid = load_olid(olid_path, seed=int(data["training"].get("seed", 13)))
    return choose_thresholds_and_measure(bundle, olid, school, school_dir)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, required=True, help="the bundle folder to rewrite")
    parser.add_argument("--quantisation", choices=QUANTISATIONS, default="per-token")
    args = parser.parse_args(argv)
    summary = requantise(args.bundle, args.quantisation)["metrics"]["summary"]
    print(json.dumps({"thresholds": read_manifest(args.bundle).thresholds, **summary}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
