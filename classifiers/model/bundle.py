"""A trained classifier bundle: a folder of small files on top of a base encoder.

Layout (names fixed so the loader needs nothing else)::

    MANIFEST.json            labels, thresholds, base encoder, text normalisation, data,
                             seed, metrics, sha256s
    tokenizer.json           the encoder's fast tokenizer (so scoring needs no torch)
    weights.fp16.safetensors every trained tensor (encoder above the word embeddings + head)
    model.int8.onnx          the same network, int8 per-channel, fed token embeddings

    word_embeddings.patch.fp16.safetensors
                             the rows of the word-embedding table that training changed

The word-embedding table is not stored whole: it is read from the base
encoder's safetensors at load time (``embeddings_file`` in the manifest says
where, relative to the base), and the rows that fine-tuning changed (the
tokens seen in training: 12,950 of MiniLM's 30,522 on OLID) are written over it
from the patch file (``embeddings_patch``). A bundle for an encoder that is
not on disk keeps the table itself in ``word_embeddings.fp16.safetensors``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schoolwatch.errors import SchoolwatchError

MANIFEST_NAME = "MANIFEST.json"
TOKENIZER_NAME = "tokenizer.json"
WEIGHTS_NAME = "weights.fp16.safetensors"
ONNX_NAME = "model.int8.onnx"
OWN_EMBEDDINGS_NAME = "word_embeddings.fp16.safetensors"
EMBEDDINGS_PATCH_NAME = "word_embeddings.patch.fp16.safetensors"
# 2: text normalisation and auxiliary outputs; 3: word-embedding patch. Older bundles load.
FORMAT_VERSION = 3
# A bundle without a patch is written as format 2, so older schoolwatch can still read it.
PATCHLESS_FORMAT_VERSION = 2

DEFAULT_BUNDLE_DIR = Path(__file__).resolve().parents[1] / "artifacts"


class BundleError(SchoolwatchError):
    """A classifier bundle is missing, incomplete or corrupted."""


@dataclass(frozen=True)
class Manifest:
    """What a bundle holds and how it was made."""

    name: str
    base_encoder: str
    labels: tuple[str, ...]
    thresholds: Mapping[str, float]
    max_length: int
    embeddings_key: str
    embeddings_file: str
    files: Mapping[str, str] = field(default_factory=dict)
    training: Mapping[str, Any] = field(default_factory=dict)
    metrics: Mapping[str, Any] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION
    # How texts are normalised before tokenising (classifiers.model.normalise).
    text_normalisation: str = "none"
    # File of trained word-embedding rows written over the base table ("" for none).
    embeddings_patch: str = ""

    def to_json(self) -> str:
        data = {
            "format_version": self.format_version if self.embeddings_patch else min(
                self.format_version, PATCHLESS_FORMAT_VERSION), "name": self.name,
            "base_encoder": self.base_encoder, "labels": list(self.labels),
            "thresholds": dict(self.thresholds), "max_length": self.max_length,
            "embeddings_key": self.embeddings_key, "embeddings_file": self.embeddings_file,
            "embeddings_patch": self.embeddings_patch,
            "text_normalisation": self.text_normalisation, "files": dict(self.files),
            "training": self.training, "metrics": self.metrics,
        }
        return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Manifest:
        try:
            return cls(
                name=str(data["name"]), base_encoder=str(data["base_encoder"]),
                labels=tuple(data["labels"]),
                thresholds={k: float(v) for k, v in data["thresholds"].items()},
                max_length=int(data["max_length"]), embeddings_key=str(data["embeddings_key"]),
                embeddings_file=str(data["embeddings_file"]), files=dict(data.get("files", {})),
                training=dict(data.get("training", {})), metrics=dict(data.get("metrics", {})),
                format_version=int(data.get("format_version", FORMAT_VERSION)),
                text_normalisation=str(data.get("text_normalisation", "none")),
                embeddings_patch=str(data.get("embeddings_patch", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BundleError(f"the classifier manifest is incomplete: {exc}") from exc

    def version(self) -> str:
        """Model version string stored with every classification: name + content hash."""
        digest = hashlib.sha256(
            json.dumps(sorted(self.files.items())).encode()
            + json.dumps(sorted(self.thresholds.items())).encode()
        ).hexdigest()[:10]
        return f"{self.name}+{digest}"


def is_bundle(path: Path) -> bool:
    """True when ``path`` is a folder with a classifier manifest."""
    return (path / MANIFEST_NAME).is_file()


def read_manifest(directory: Path) -> Manifest:
    """The manifest of the bundle in ``directory``."""
    path = directory / MANIFEST_NAME
    if not path.is_file():
        raise BundleError(
            f"No trained classifier in {directory} (no {MANIFEST_NAME}). Run "
            "`schoolwatch train` to build one, or set [classifier] model to a folder it wrote."
        )
    try:
        manifest = Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as exc:
        raise BundleError(f"{path} is not valid JSON: {exc}") from exc
    if manifest.format_version > FORMAT_VERSION:
        raise BundleError(
            f"The classifier in {directory} was written by a newer schoolwatch (bundle format "
            f"{manifest.format_version}; this version reads up to {FORMAT_VERSION}). Upgrade "
            "schoolwatch, or set [classifier] model = \"default\".")
    return manifest


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_files(directory: Path, manifest: Manifest, names: Sequence[str]) -> None:
    """Check the named files exist and match the manifest's SHA-256 (catches corruption)."""
    for name in names:
        path = directory / name
        expected = manifest.files.get(name)
        if not path.is_file():
            raise BundleError(f"The classifier in {directory} is missing {name}.")
        if expected and sha256_file(path) != expected:
            raise BundleError(
                f"{path} does not match its checksum in {MANIFEST_NAME}: the file is damaged "
                "or was replaced. Restore it from git or run `schoolwatch train` again."
            )
