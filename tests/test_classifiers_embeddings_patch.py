"""Word embeddings in a bundle: nothing, a patch of trained rows, or the whole table.

Fine-tuning the word embeddings changes only the rows of tokens seen in
training. The bundle stores just those rows over the base encoder's table, and
both scoring backends must rebuild exactly the trained table from them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.numpy import load_file, save_file

from classifiers.model.bundle import (
    EMBEDDINGS_PATCH_NAME,
    OWN_EMBEDDINGS_NAME,
    BundleError,
    Manifest,
    sha256_file,
)
from classifiers.model.runtime import load_word_embeddings
from classifiers.training.export import _write_embeddings, changed_rows
from tests.fixtures.classifiers.tiny_model import make_tiny_encoder


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tiny_encoder(tmp_path_factory.mktemp("encoder"))


def base_table(encoder: Path) -> torch.Tensor:
    from classifiers.model.encoder import load_encoder

    return load_encoder(str(encoder)).get_input_embeddings().weight.detach().float().clone()


def manifest_for(out: Path, encoder: Path, stored: tuple[str, str, str]) -> Manifest:
    file, key, patch = stored
    files = {p.name: sha256_file(p) for p in out.iterdir()}
    return Manifest(name="t", base_encoder=str(encoder), labels=("a",), thresholds={"a": 0.5},
                    max_length=16, embeddings_key=key, embeddings_file=file, files=files,
                    embeddings_patch=patch)


def test_untrained_table_stores_nothing(encoder: Path, tmp_path: Path) -> None:
    table = base_table(encoder)
    stored = _write_embeddings(tmp_path, str(encoder), table)
    assert stored[0].startswith("base:") and stored[2] == ""
    assert list(tmp_path.iterdir()) == []
    loaded = load_word_embeddings(tmp_path, manifest_for(tmp_path, encoder, stored))
    np.testing.assert_array_equal(loaded, table.numpy())


def test_trained_rows_are_stored_as_a_patch_and_rebuilt(encoder: Path, tmp_path: Path) -> None:
    table = base_table(encoder)
    trained = table.clone()
    rows = [3, 17, 40]
    trained[rows] += torch.linspace(0.1, 0.5, trained.shape[1])
    assert changed_rows(trained, table).tolist() == rows
    stored = _write_embeddings(tmp_path, str(encoder), trained)
    assert stored == (stored[0], stored[1], EMBEDDINGS_PATCH_NAME)
    patch = load_file(str(tmp_path / EMBEDDINGS_PATCH_NAME))
    assert patch["rows"].tolist() == rows and patch["values"].dtype == np.float16
    loaded = load_word_embeddings(tmp_path, manifest_for(tmp_path, encoder, stored))
    # Patched rows come back at fp16 precision; every other row is the base's, exactly.
    np.testing.assert_allclose(loaded, trained.numpy(), atol=2e-3)
    untouched = [i for i in range(table.shape[0]) if i not in rows]
    np.testing.assert_array_equal(loaded[untouched], table.numpy()[untouched])


def test_mostly_changed_table_is_stored_whole(encoder: Path, tmp_path: Path) -> None:
    trained = base_table(encoder) + 0.01
    stored = _write_embeddings(tmp_path, str(encoder), trained)
    assert stored == (f"bundle:{OWN_EMBEDDINGS_NAME}", "word_embeddings", "")
    loaded = load_word_embeddings(tmp_path, manifest_for(tmp_path, encoder, stored))
    np.testing.assert_allclose(loaded, trained.numpy(), atol=2e-3)


def test_a_patch_that_does_not_fit_the_base_is_refused(encoder: Path, tmp_path: Path) -> None:
    table = base_table(encoder)
    save_file({"rows": np.array([table.shape[0] + 5], dtype=np.int64),
               "values": np.zeros((1, table.shape[1]), dtype=np.float16)},
              str(tmp_path / EMBEDDINGS_PATCH_NAME))
    manifest = manifest_for(tmp_path, encoder,
                            ("base:model.safetensors", "embeddings.word_embeddings.weight",
                             EMBEDDINGS_PATCH_NAME))
    with pytest.raises(BundleError, match="does not fit the base model"):
        load_word_embeddings(tmp_path, manifest)


def test_a_damaged_patch_is_detected(encoder: Path, tmp_path: Path) -> None:
    trained = base_table(encoder)
    trained[5] += 1.0
    stored = _write_embeddings(tmp_path, str(encoder), trained)
    manifest = manifest_for(tmp_path, encoder, stored)
    data = bytearray((tmp_path / EMBEDDINGS_PATCH_NAME).read_bytes())
    data[-1] ^= 0xFF
    (tmp_path / EMBEDDINGS_PATCH_NAME).write_bytes(bytes(data))
    with pytest.raises(BundleError, match="does not match its checksum"):
        load_word_embeddings(tmp_path, manifest)
