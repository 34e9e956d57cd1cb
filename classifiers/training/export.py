"""Write a trained network as a bundle: fp16 trained weights, int8 ONNX, tokenizer, manifest.

Three ways to make the int8 graph; only matrix multiplications with constant
weights are quantised (per channel), attention between activations stays float:

- ``per-token`` (what ships): each token's activations get their own range at
  run time (``classifiers.training.token_int8``), so a post scores the same in
  any batch, every constant-weight MatMul runs in int8, and nothing needs
  calibrating.
- ``static``: activation ranges fixed by calibration windows from
  the training split, so a post scores the same in any batch. The feed-forward
  output projections stay float (their GELU inputs have outliers a fixed range
  clips; quantising them too cost 0.01 dev macro-F1), which makes it slower.
- ``dynamic``: activation ranges taken at run time from the whole batch. Fast,
  but a post's scores move with the posts batched beside it (up
  to 0.57 on one dev post; see docs/classifier.md).
"""

from __future__ import annotations

import random
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from onnxruntime.quantization import CalibrationDataReader
from safetensors import safe_open
from safetensors.torch import save_file

from classifiers.model.bundle import (
    EMBEDDINGS_PATCH_NAME,
    MANIFEST_NAME,
    ONNX_NAME,
    OWN_EMBEDDINGS_NAME,
    TOKENIZER_NAME,
    WEIGHTS_NAME,
    Manifest,
    sha256_file,
)
from classifiers.model.encoder import resolve_encoder
from classifiers.model.network import FromEmbeddings, LabelNetwork
from classifiers.training.token_int8 import quantise_per_token

WORD_EMBEDDINGS_PARAM = "encoder.embeddings.word_embeddings.weight"


# Above this share of changed rows a patch saves little; the bundle keeps the whole table.
PATCH_MAX_SHARE = 0.6
# Matrix multiplications left in float: the feed-forward output projections (BERT naming).
FLOAT_MATMULS = re.compile(r"layer\.\d+/output/dense/MatMul$")
CALIBRATION_WINDOWS = 256
CALIBRATION_SEED = 20240611


def calibration_windows(tokenizer: Any, texts: Sequence[str], max_length: int,
                        count: int = CALIBRATION_WINDOWS,
                        seed: int = CALIBRATION_SEED) -> list[list[int]]:
    """Token ids of a fixed random sample of (normalised) training texts, one window each."""
    chosen = list(texts)
    if len(chosen) > count:
        chosen = random.Random(seed).sample(chosen, count)  # noqa: S311 - reproducible sample
    encoded = tokenizer(chosen, truncation=True, max_length=max_length)
    return [list(ids) for ids in encoded["input_ids"]]


def _find_base_embeddings(encoder_name: str,
                          table: torch.Tensor) -> tuple[str, str, torch.Tensor] | None:
    """``(file, key, table)`` of the base encoder's word-embedding table of this shape."""
    source, _ = resolve_encoder(encoder_name)
    base = Path(source)
    if not base.is_dir():
        return None
    for file in sorted(base.glob("*.safetensors")):
        with safe_open(str(file), framework="pt") as handle:
            for key in handle.keys():  # noqa: SIM118 - safe_open is not a mapping
                if not key.endswith("word_embeddings.weight"):
                    continue
                candidate = handle.get_tensor(key)
                if candidate.shape == table.shape:
                    return file.name, key, candidate.float()
    return None


def changed_rows(table: torch.Tensor, base: torch.Tensor) -> torch.Tensor:
    """Row numbers where the trained table differs from the base one."""
    return torch.nonzero((table != base).any(dim=1)).flatten()


def _write_embeddings(out: Path, encoder_name: str,
                      table: torch.Tensor) -> tuple[str, str, str]:
    """Store the word embeddings as cheaply as possible: ``(file, key, patch)`` for the manifest.

    Untrained table: nothing stored. Trained rows (words seen in training): only
    those rows, over the base table. Otherwise (no base on disk, or most rows
    changed): the whole table.
    """
    found = _find_base_embeddings(encoder_name, table)
    if found:
        file, key, base = found
        rows = changed_rows(table, base)
        if rows.numel() == 0:
            return f"base:{file}", key, ""
        if rows.numel() <= PATCH_MAX_SHARE * table.shape[0]:
            save_file({"rows": rows.to(torch.int64).contiguous(),
                       "values": table[rows].to(torch.float16).contiguous()},
                      str(out / EMBEDDINGS_PATCH_NAME))
            return f"base:{file}", key, EMBEDDINGS_PATCH_NAME
    save_file({"word_embeddings": table.to(torch.float16).contiguous()},
              str(out / OWN_EMBEDDINGS_NAME))
    return f"bundle:{OWN_EMBEDDINGS_NAME}", "word_embeddings", ""


QUANTISATIONS = ("per-token", "static", "dynamic")


def quantisation_record(method: str, windows: int = 0) -> dict[str, Any]:
    """How the int8 graph was made, for the manifest."""
    if method == "per-token":
        return {"method": "per-token",
                "weights": "int8 per column, symmetric, 7-bit codes (-63..63)",
                "activations": "int8 per token, symmetric, range from the token itself at run time",
                "kept_float": "attention between activations"}
    if method == "dynamic":
        return {"method": "dynamic", "weights": "int8 per channel",
                "activations": "uint8, ranges from each batch at run time",
                "kept_float": "attention between activations"}
    return {"method": "static", "format": "QDQ", "weights": "int8 per channel",
            "activations": "uint8, min-max ranges", "calibration": "school corpus train split",
            "calibration_windows": windows, "calibration_seed": CALIBRATION_SEED,
            "kept_float": "attention between activations; feed-forward output projections"}


class _Calibration(CalibrationDataReader):
    """Feeds calibration windows to ONNX Runtime one at a time (no padding in the ranges)."""

    def __init__(self, table: np.ndarray, windows: Sequence[Sequence[int]]) -> None:
        self._items: Iterator[dict[str, np.ndarray]] = (
            {"inputs_embeds": table[np.asarray([ids], dtype=np.int64)],
             "attention_mask": np.ones((1, len(ids)), dtype=np.int64)}
            for ids in windows if ids)

    def get_next(self) -> dict[str, np.ndarray] | None:
        return next(self._items, None)


def export_onnx(network: LabelNetwork, path: Path, method: str = "per-token",
                calibration: Sequence[Sequence[int]] = (), opset: int = 17) -> None:
    """Export the network (from token embeddings) to ONNX, then quantise it to int8.

    ``method`` is one of ``QUANTISATIONS``; for static, ``calibration`` holds
    token ids of training windows whose activations fix the int8 ranges.
    """
    import onnx
    from onnxruntime.quantization import (
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_dynamic,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    if method not in QUANTISATIONS:
        raise ValueError(f"quantisation should be one of {QUANTISATIONS}, not {method!r}")
    if method == "static" and not calibration:
        raise ValueError("static quantisation needs calibration windows")
    network.eval()
    wrapper = FromEmbeddings(network).eval()
    hidden = network.encoder.config.hidden_size
    embeds = torch.randn(2, 12, hidden)
    mask = torch.ones(2, 12, dtype=torch.long)
    with tempfile.TemporaryDirectory() as tmp:
        float_path = Path(tmp) / "model.fp32.onnx"
        torch.onnx.export(
            wrapper, (embeds, mask), str(float_path), dynamo=False, opset_version=opset,
            input_names=["inputs_embeds", "attention_mask"], output_names=["logits"],
            dynamic_axes={"inputs_embeds": {0: "batch", 1: "tokens"},
                          "attention_mask": {0: "batch", 1: "tokens"},
                          "logits": {0: "batch"}},
        )
        if method == "per-token":
            quantise_per_token(float_path, path)
            return
        if method == "dynamic":
            quantize_dynamic(str(float_path), str(path), per_channel=True,
                             weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"],
                             extra_options={"MatMulConstBOnly": True})
            return
        prepared = Path(tmp) / "model.prepared.onnx"
        quant_pre_process(str(float_path), str(prepared), skip_symbolic_shape=True)
        keep_float = [node.name for node in onnx.load(str(prepared)).graph.node
                      if node.op_type == "MatMul" and FLOAT_MATMULS.search(node.name)]
        table = network.word_embeddings().weight.detach().float().numpy()
        quantize_static(str(prepared), str(path), _Calibration(table, calibration),
                        quant_format=QuantFormat.QDQ, per_channel=True, weight_type=QuantType.QInt8,
                        activation_type=QuantType.QUInt8, op_types_to_quantize=["MatMul"],
                        nodes_to_exclude=keep_float, calibrate_method=CalibrationMethod.MinMax,
                        extra_options={"MatMulConstBOnly": True})


def write_bundle(
    network: LabelNetwork,
    tokenizer: Any,
    out: Path,
    *,
    name: str,
    encoder_name: str,
    thresholds: Mapping[str, float],
    max_length: int,
    training: Mapping[str, Any],
    metrics: Mapping[str, Any],
    with_onnx: bool = True,
    text_normalisation: str = "none",
    quantisation: str = "per-token",
    calibration: Sequence[Sequence[int]] = (),
) -> Manifest:
    """Write every bundle file into ``out`` and return the manifest written with them."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in (ONNX_NAME, OWN_EMBEDDINGS_NAME, EMBEDDINGS_PATCH_NAME):
        (out / stale).unlink(missing_ok=True)
    table = network.word_embeddings().weight.detach().float()
    trained = {name_: p.detach().to(torch.float16).contiguous()
               for name_, p in network.named_parameters() if name_ != WORD_EMBEDDINGS_PARAM}
    save_file(trained, str(out / WEIGHTS_NAME))
    tokenizer.backend_tokenizer.save(str(out / TOKENIZER_NAME))
    embeddings_file, embeddings_key, embeddings_patch = _write_embeddings(
        out, encoder_name, table)
    if with_onnx:
        export_onnx(network, out / ONNX_NAME, quantisation, calibration)
    for file in out.iterdir():
        file.chmod(0o644)  # safetensors writes 0600; the bundle is meant to be shared
    files = {file.name: sha256_file(file) for file in sorted(out.iterdir())
             if file.is_file() and file.name != MANIFEST_NAME}
    manifest = Manifest(
        name=name, base_encoder=encoder_name, labels=tuple(network.labels),
        thresholds=dict(thresholds), max_length=max_length, embeddings_key=embeddings_key,
        embeddings_file=embeddings_file, files=files, training=dict(training),
        metrics=dict(metrics), text_normalisation=text_normalisation,
        embeddings_patch=embeddings_patch,
    )
    (out / MANIFEST_NAME).write_text(manifest.to_json(), encoding="utf-8")
    return manifest
