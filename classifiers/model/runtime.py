"""Score texts with a trained bundle: ONNX Runtime int8 (fast) or PyTorch (reference).

Both backends share tokenisation and windowing and return a (texts x labels)
array of probabilities. Windows are sorted by length and batched so that
padding stays small (length bucketing).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from classifiers.model.bundle import (
    EMBEDDINGS_PATCH_NAME,
    ONNX_NAME,
    OWN_EMBEDDINGS_NAME,
    TOKENIZER_NAME,
    WEIGHTS_NAME,
    BundleError,
    Manifest,
    verify_files,
)
from classifiers.model.normalise import get_normaliser
from classifiers.model.windows import Window, WindowTokenizer

BACKEND_ENV = "SCHOOLWATCH_CLASSIFIER_BACKEND"


class Scorer(Protocol):
    """Anything that turns texts into per-label probabilities."""

    labels: tuple[str, ...]
    backend: str

    def score(self, texts: Sequence[str]) -> np.ndarray: ...


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _batches(windows: Sequence[Window], batch_tokens: int,
             max_batch: int) -> list[list[int]]:
    """Window indices grouped by similar length, each batch under a token budget."""
    order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        width = len(windows[i].ids)
        # Start a new batch when it is full, over budget, or the lengths drift apart
        # (padding a 7-token post to 60 wastes most of the work).
        if current and (len(current) + 1 > max_batch
                        or (len(current) + 1) * width > batch_tokens
                        or width > len(windows[current[0]].ids) * 1.25 + 4):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def _pad(rows: Sequence[Sequence[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(r) for r in rows)
    ids = np.full((len(rows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for n, row in enumerate(rows):
        ids[n, :len(row)] = row
        mask[n, :len(row)] = 1
    return ids, mask


def base_encoder_dir(manifest: Manifest) -> Path | None:
    """The base encoder's folder on disk, if it is the packaged model or a local path."""
    from classifiers.model.encoder import EncoderNotFound, resolve_encoder

    try:
        source, _ = resolve_encoder(manifest.base_encoder)
    except EncoderNotFound:
        return None
    path = Path(source)
    return path if path.is_dir() else None


def load_word_embeddings(directory: Path, manifest: Manifest) -> np.ndarray:
    """The frozen word-embedding table (from the base encoder, or the bundle's own copy)."""
    from safetensors import safe_open

    where, _, name = manifest.embeddings_file.partition(":")
    if where == "bundle":
        file = directory / name
    else:
        base = base_encoder_dir(manifest)
        if base is None:
            raise BundleError(
                f"The classifier needs its base model {manifest.base_encoder!r} on this "
                "computer, and it is not there."
            )
        file = base / name
    with safe_open(str(file), framework="np") as handle:
        table = handle.get_tensor(manifest.embeddings_key)
    table = np.array(table, dtype=np.float32)  # a writable copy: the patch goes on top
    if manifest.embeddings_patch:
        rows, values = load_embeddings_patch(directory, manifest, table.shape)
        table[rows] = values
    return table


def load_embeddings_patch(directory: Path, manifest: Manifest,
                          table_shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The trained word-embedding rows: (row numbers, their values as float32), checked
    against the shape of the table they go over."""
    from safetensors.numpy import load_file

    if manifest.embeddings_patch != EMBEDDINGS_PATCH_NAME:
        raise BundleError(f"Unknown word-embedding patch {manifest.embeddings_patch!r} in "
                          f"{directory}; this schoolwatch reads {EMBEDDINGS_PATCH_NAME}.")
    verify_files(directory, manifest, [EMBEDDINGS_PATCH_NAME])
    patch = load_file(str(directory / EMBEDDINGS_PATCH_NAME))
    try:
        rows, values = patch["rows"].astype(np.int64), patch["values"].astype(np.float32)
    except KeyError as exc:
        raise BundleError(f"The word-embedding patch in {directory} lacks {exc}.") from exc
    count, width = table_shape
    if rows.ndim != 1 or (rows.size and (rows.min() < 0 or rows.max() >= count)) \
            or values.shape != (rows.size, width):
        raise BundleError(
            f"The word-embedding patch in {directory} does not fit the base model "
            f"{manifest.base_encoder!r} (its table is {count} x {width}).")
    return rows, values


class _WindowScorer:
    """Shared scoring loop: windows -> batches -> logits -> max over windows."""

    backend = "base"

    def __init__(self, directory: Path, manifest: Manifest, batch_tokens: int = 1024,
                 max_batch: int = 128) -> None:
        self.labels = manifest.labels
        try:
            normalise = get_normaliser(manifest.text_normalisation)
        except ValueError as exc:
            raise BundleError(f"The classifier in {directory} cannot be used: {exc}.") from exc
        self.tokenizer = WindowTokenizer(directory / TOKENIZER_NAME, manifest.max_length,
                                         normalise)
        self.batch_tokens = batch_tokens
        self.max_batch = max_batch

    def _logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities (texts x labels); each label's maximum over a text's windows."""
        scores = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        if not texts:
            return scores
        windows = self.tokenizer.windows(texts)
        for batch in _batches(windows, self.batch_tokens, self.max_batch):
            ids, mask = _pad([windows[i].ids for i in batch], self.tokenizer.pad_id)
            probs = _sigmoid(self._logits(ids, mask).astype(np.float32))
            for row, i in enumerate(batch):
                target = windows[i].text_index
                np.maximum(scores[target], probs[row], out=scores[target])
        return scores


class OnnxScorer(_WindowScorer):
    """int8 ONNX graph fed token embeddings looked up in the base encoder's table."""

    backend = "onnx-int8"

    def __init__(self, directory: Path, manifest: Manifest, threads: int | None = None,
                 **kwargs: int) -> None:
        import onnxruntime as ort

        verify_files(directory, manifest, [ONNX_NAME, TOKENIZER_NAME])
        super().__init__(directory, manifest, **kwargs)
        self.embeddings = load_word_embeddings(directory, manifest)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Idle worker threads sleep instead of spinning: on a 2-core machine a spinning
        # worker fought the main thread, and every other classify run took twice as long
        # (4.6 s or 8.4 s for the same 2,000 posts; 4.6-4.8 s every time without spinning).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(directory / ONNX_NAME), options,
                                            providers=["CPUExecutionProvider"])

    def _logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        embeds = self.embeddings[ids]
        return self.session.run(["logits"], {"inputs_embeds": embeds,
                                             "attention_mask": mask})[0]


class TorchScorer(_WindowScorer):
    """The base encoder through ``transformers`` with the bundle's trained weights (eager)."""

    backend = "torch"

    def __init__(self, directory: Path, manifest: Manifest, **kwargs: int) -> None:
        import torch
        from safetensors.torch import load_file

        from classifiers.model.encoder import load_encoder
        from classifiers.model.network import LabelNetwork

        verify_files(directory, manifest, [WEIGHTS_NAME, TOKENIZER_NAME])
        super().__init__(directory, manifest, **kwargs)
        network = LabelNetwork(load_encoder(manifest.base_encoder), manifest.labels)
        state = {k: v.float() for k, v in load_file(str(directory / WEIGHTS_NAME)).items()}
        if manifest.embeddings_file.startswith("bundle:"):
            table = load_file(str(directory / OWN_EMBEDDINGS_NAME))[manifest.embeddings_key]
            network.word_embeddings().weight.data.copy_(table.float())
        if manifest.embeddings_patch:
            weight = network.word_embeddings().weight.data
            rows, values = load_embeddings_patch(directory, manifest, tuple(weight.shape))
            weight[torch.from_numpy(rows)] = torch.from_numpy(values)
        missing, unexpected = network.load_state_dict(state, strict=False)
        allowed_missing = {"encoder.embeddings.word_embeddings.weight",
                           "encoder.embeddings.position_ids"}
        if unexpected or set(missing) - allowed_missing:
            raise BundleError(
                f"The classifier weights in {directory} do not fit {manifest.base_encoder!r} "
                f"(missing {sorted(set(missing) - allowed_missing)[:3]}, "
                f"unexpected {unexpected[:3]})."
            )
        network.eval()
        self.network = network
        self._torch = torch

    def _logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with self._torch.inference_mode():
            return self.network(self._torch.from_numpy(ids),
                                self._torch.from_numpy(mask)).numpy()


def open_scorer(directory: Path, manifest: Manifest, backend: str | None = None) -> Scorer:
    """The fastest available backend, unless ``backend`` (or $SCHOOLWATCH_CLASSIFIER_BACKEND)
    asks for ``"onnx"`` or ``"torch"``."""
    choice = (backend or os.environ.get(BACKEND_ENV) or "auto").lower()
    if choice not in ("auto", "onnx", "torch"):
        raise BundleError(f"{BACKEND_ENV} should be 'onnx' or 'torch', not {choice!r}.")
    has_onnx = (directory / ONNX_NAME).is_file()
    if choice == "onnx" or (choice == "auto" and has_onnx):
        return OnnxScorer(directory, manifest)
    return TorchScorer(directory, manifest)
