"""``schoolwatch train``: the whole reproducible training run, start to finish.

1. OLID stage: fine-tune the encoder for offensive language (the auxiliary
   ``offensive`` output).
2. School stage: continue on the school-context corpus (all nine labels) with
   OLID replay (which keeps training ``offensive`` only).

Texts are normalised (``classifiers.model.normalise``; emoji spelt out,
hashtags split) for training exactly as the runtime will normalise them; the
bundle's manifest names the normalisation.
3. Thresholds per label on the dev splits (never test).
4. Test-split metrics, for both the PyTorch model and the int8 ONNX export.
5. Write the bundle (changed weights, int8 ONNX, manifest) to ``--out``.

Work files (checkpoints per epoch) go to ``workdir``; a rerun with the same
data and settings resumes from them instead of starting again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from classifiers.training.settings import TrainSettings

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_WORKDIR = REPO_ROOT / "build" / "training"


@dataclass(frozen=True)
class PipelineSettings:
    """Everything that determines a training run's result."""

    encoder: str = "default"
    seed: int = 13
    # 96 tokens: with emoji spelt out, 7% of OLID tweets ran past 64.
    olid: TrainSettings = field(default_factory=lambda: TrainSettings(epochs=2, max_length=96))
    school: TrainSettings = field(default_factory=lambda: TrainSettings(
        epochs=6, learning_rate=5e-5, head_learning_rate=1e-3, seed=14, max_length=96))
    # 4,000 OLID tweets per school epoch: with 2,000 the encoder drifted off OLID
    # (dev macro-F1 0.771 after stage 1, 0.752 at the end; 0.760 with 4,000).
    olid_replay: int = 4000
    school_repeats: int = 4
    text_normalisation: str = "social-v1"
    # "per-token" int8 (fast, and a post scores the same in any batch), "static"
    # (calibrated ranges, slower) or "dynamic" (scores move with the rest of the
    # batch). See docs/classifier.md.
    quantisation: str = "per-token"
    # The school stage ends with the mean of its weights from this epoch on (epoch 1 is
    # still far from the school labels), not the single best epoch: on dev this scored
    # as well on the school labels and better on OLID.
    average_school_from: int | None = 2


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stage_dir(workdir: Path, name: str, *parts: object) -> Path:
    """A work folder keyed by everything that shapes the stage, so reruns resume safely."""
    key = hashlib.sha256(json.dumps([asdict(p) if hasattr(p, "__dataclass_fields__") else p
                                     for p in parts], sort_keys=True,
                                    default=str).encode()).hexdigest()[:12]
    return workdir / f"{name}-{key}"


def _corpus_digest(files: list[Path]) -> dict[str, str]:
    return {file.name: file_sha256(file) for file in files}


def train(
    settings: PipelineSettings,
    out: Path,
    *,
    olid_path: Path,
    school_dir: Path,
    workdir: Path = DEFAULT_WORKDIR,
    name: str = "schoolwatch-minilm",
    threads: int | None = None,
) -> dict:
    """Run both stages, export the bundle to ``out``, evaluate it; returns the manifest dict."""
    import time

    import torch

    from classifiers.model.normalise import get_normaliser
    from classifiers.training.data import corpus_files, load_olid, load_school_corpus, normalised
    from classifiers.training.evaluate import choose_thresholds_and_measure
    from classifiers.training.export import (
        calibration_windows,
        quantisation_record,
        write_bundle,
    )
    from classifiers.training.stages import run_olid_stage, run_school_stage

    if threads:
        torch.set_num_threads(threads)
    started = time.monotonic()
    olid = load_olid(olid_path, seed=settings.seed)
    school = load_school_corpus(school_dir)
    normalise = get_normaliser(settings.text_normalisation)
    olid_text, school_text = normalised(olid, normalise), normalised(school, normalise)
    files = corpus_files(school_dir)
    olid_sha = file_sha256(olid_path)
    olid_dir = stage_dir(workdir, "olid", settings.encoder, settings.seed, settings.olid, olid_sha,
                         settings.text_normalisation, olid.train[0].mask)
    network, tokenizer, olid_result = run_olid_stage(settings.encoder, olid_text, settings.olid,
                                                     olid_dir)
    school_dir_key = stage_dir(workdir, "school", olid_dir.name, settings.school,
                               settings.olid_replay, settings.school_repeats,
                               _corpus_digest(files))
    school_result = run_school_stage(network, tokenizer, olid_text, school_text,
                                     settings.school, school_dir_key, settings.olid_replay,
                                     settings.school_repeats, settings.average_school_from)
    training = {
        "command": "schoolwatch train",
        "seed": settings.seed,
        "encoder": settings.encoder,
        "text_normalisation": settings.text_normalisation,
        "data": {
            "olid": {"file": olid_path.name, "sha256": olid_sha,
                     "split": {"seed": settings.seed, "train": len(olid.train),
                               "dev": len(olid.dev), "test": len(olid.test),
                               "stratified": True}},
            "school_context": {"files": _corpus_digest(files),
                               "split": {"train": len(school.train), "dev": len(school.dev),
                                         "test": len(school.test)}},
        },
        "olid_stage": olid_result,
        "school_stage": {**school_result, "olid_replay": settings.olid_replay,
                         "school_repeats": settings.school_repeats,
                         "average_from_epoch": settings.average_school_from},
    }
    max_length = settings.school.max_length
    # Static int8 ranges are calibrated on the school corpus's training posts (never dev or test).
    calibration = (calibration_windows(tokenizer, [e.text for e in school_text.train], max_length)
                   if settings.quantisation == "static" else [])
    training["quantisation"] = quantisation_record(settings.quantisation, len(calibration))
    write_bundle(network, tokenizer, out, name=name, encoder_name=settings.encoder,
                 thresholds={label: 0.5 for label in network.labels}, max_length=max_length,
                 training=training, metrics={},
                 text_normalisation=settings.text_normalisation,
                 quantisation=settings.quantisation, calibration=calibration)
    del network
    manifest = choose_thresholds_and_measure(out, olid, school, school_dir)
    manifest["training"]["wall_seconds"] = round(time.monotonic() - started, 1)
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
