"""The model part of the classifier, end to end on a tiny BERT built in the test.

A 2-layer BERT with its own WordPiece vocabulary is saved with
``save_pretrained`` to a temporary folder, trained for a few steps through
``schoolwatch train``, exported (fp16 weights + int8 ONNX) and loaded back
through the config, exactly as a school's own model would be.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

from classifiers.api import load_classifier
from classifiers.model.bundle import (
    EMBEDDINGS_PATCH_NAME,
    MANIFEST_NAME,
    ONNX_NAME,
    BundleError,
    read_manifest,
    sha256_file,
)
from classifiers.model.encoder import EncoderNotFound, load_encoder, resolve_encoder
from schoolwatch.cli.main import main
from schoolwatch.config import load_config
from schoolwatch.domain import ACTIONS, LABELS
from tests.fixtures.classifiers.tiny_model import (
    make_tiny_encoder,
    make_tiny_olid,
    make_tiny_school_corpus,
)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A tiny encoder, tiny corpora and a bundle trained on them by ``schoolwatch train``."""
    root = tmp_path_factory.mktemp("tiny")
    encoder = make_tiny_encoder(root / "encoder")
    olid = make_tiny_olid(root / "olid.tsv")
    school = make_tiny_school_corpus(root / "school")
    bundle = root / "bundle"
    code = main(["train", "--encoder", str(encoder), "--out", str(bundle), "--olid", str(olid),
                 "--school-data", str(school), "--workdir", str(root / "work"),
                 "--olid-epochs", "1", "--school-epochs", "2", "--max-steps", "3",
                 "--olid-replay", "6", "--name", "tiny", "--threads", "1"])
    assert code == 0
    return {"root": root, "encoder": encoder, "olid": olid, "school": school, "bundle": bundle}


def write_config(path: Path, model: str) -> Path:
    path.write_text(textwrap.dedent(f"""
        [warehouse]
        path = "sw.duckdb"

        [classifier]
        model = "{model}"

        [[school]]
        id = "beech-hill"
        name = "Beech Hill Community Primary School"
        aliases = ["Beech Hill Primary"]
        staff = [{{ name = "Gareth Pennywell", role = "Year 4 teacher" }}]
    """), encoding="utf-8")
    path.chmod(0o600)
    return path


def test_train_writes_a_complete_manifest(tiny: dict[str, Path]) -> None:
    manifest = json.loads((tiny["bundle"] / MANIFEST_NAME).read_text())
    # The nine labels, then OLID's auxiliary offensive output; texts normalised as trained.
    assert manifest["labels"] == [*LABELS, "offensive"]
    assert set(manifest["thresholds"]) == {*LABELS, "offensive"}
    assert manifest["text_normalisation"] == "social-v1"
    assert all(0 < t < 1 for t in manifest["thresholds"].values())
    assert manifest["base_encoder"] == str(tiny["encoder"])
    # Data, seed and metrics are recorded so the run can be reproduced and judged.
    assert manifest["training"]["seed"] == 13
    assert manifest["training"]["data"]["olid"]["sha256"] == sha256_file(tiny["olid"])
    assert manifest["training"]["data"]["school_context"]["split"] == \
        {"train": 5, "dev": 3, "test": 2}
    summary = manifest["metrics"]["summary"]
    assert 0 <= summary["olid_test_macro_f1"] <= 1
    olid = manifest["metrics"]["onnx_int8"]["olid"]
    assert olid["output"] == "offensive" and 0 <= olid["abusive_label"]["test_macro_f1"] <= 1
    assert "test" in manifest["metrics"]["onnx_int8"]["school"]
    for name, digest in manifest["files"].items():
        assert sha256_file(tiny["bundle"] / name) == digest
    # The tiny encoder is on disk, so its word embeddings are read from it, not copied.
    assert manifest["embeddings_file"] == "base:model.safetensors"
    # No patch, so the bundle is written as format 2: older schoolwatch versions read it.
    assert manifest["embeddings_patch"] == "" and manifest["format_version"] == 2


def test_training_resumes_from_epoch_checkpoints(tiny: dict[str, Path]) -> None:
    checkpoints = sorted((tiny["root"] / "work").glob("*/epoch-*.pt"))
    assert {p.parent.name.split("-")[0] for p in checkpoints} == {"olid", "school"}


def test_config_loads_trained_bundle_and_both_backends_agree(tiny: dict[str, Path],
                                                             tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path / "c.toml", str(tiny["bundle"])))
    texts = ["you idiot", "lovely concert at Beech Hill Primary",
             "word " * 300 + "kill"]  # the last one spans several windows
    onnx = load_classifier(config, backend="onnx")
    torch_ = load_classifier(config, backend="torch")
    assert onnx.scorer.backend == "onnx-int8" and torch_.scorer.backend == "torch"
    assert onnx.version == torch_.version == read_manifest(tiny["bundle"]).version()
    a, b = onnx.model_scores(texts), torch_.model_scores(texts)
    assert a.shape == (3, len(LABELS) + 1)  # the nine labels and the offensive output
    assert onnx.labels == LABELS and onnx.model_labels == (*LABELS, "offensive")
    assert np.all((a >= 0) & (a <= 1))
    assert np.max(np.abs(a - b)) < 0.05  # int8 stays close to the fp32 reference
    results = onnx.classify(texts)
    assert [set(r.scores) for r in results] == [set(LABELS)] * 3
    for r in results:
        assert set(r.labels) == {k for k, v in r.scores.items() if v >= onnx.thresholds[k]}


BATCH_TEXTS = ["you idiot", "a much longer post about the parking at Beech Hill Primary " * 3,
               "KILL", "lovely concert", "word " * 40]


def _batch_difference(bundle: Path, tmp_path: Path) -> float:
    """Largest score change between scoring posts together and one at a time."""
    classifier = load_classifier(load_config(write_config(tmp_path / "c.toml", str(bundle))))
    together = classifier.model_scores(BATCH_TEXTS)
    alone = np.vstack([classifier.model_scores([text]) for text in BATCH_TEXTS])
    return float(np.max(np.abs(together - alone)))


def test_per_token_int8_scores_do_not_depend_on_the_batch(tiny: dict[str, Path],
                                                          tmp_path: Path) -> None:
    import onnx

    manifest = json.loads((tiny["bundle"] / MANIFEST_NAME).read_text())
    assert manifest["training"]["quantisation"]["method"] == "per-token"  # the default
    nodes = onnx.load(str(tiny["bundle"] / ONNX_NAME)).graph.node
    ops = [node.op_type for node in nodes]
    # Every constant-weight projection is integer; only attention's own products stay float.
    assert ops.count("MatMulInteger") == 6 * 2  # tiny encoder: 2 layers x (Q, K, V, O, in, out)
    assert ops.count("MatMul") == 2 * 2 and "DynamicQuantizeLinear" not in ops
    # Dynamic int8 takes its ranges from the whole batch; per-token ranges make each post its own.
    assert _batch_difference(tiny["bundle"], tmp_path) < 1e-5


@pytest.mark.parametrize("method", ["static", "dynamic"])
def test_requantise_rebuilds_the_graph_and_thresholds(tiny: dict[str, Path], tmp_path: Path,
                                                      method: str) -> None:
    import shutil

    import onnx

    from classifiers.training.requantise import requantise

    bundle = tmp_path / "bundle"
    shutil.copytree(tiny["bundle"], bundle)
    (bundle / ONNX_NAME).write_bytes(b"stale")
    manifest = requantise(bundle, method, school_dir=tiny["school"], olid_path=tiny["olid"])
    record = manifest["training"]["quantisation"]
    assert record["method"] == method
    assert record["rebuilt_from"] == "weights.fp16.safetensors"
    assert manifest["files"][ONNX_NAME] == sha256_file(bundle / ONNX_NAME)
    assert set(manifest["thresholds"]) == {*LABELS, "offensive"}
    ops = {node.op_type for node in onnx.load(str(bundle / ONNX_NAME)).graph.node}
    if method == "static":
        assert record["calibration_windows"] == 5  # the tiny corpus's train split
        assert "QuantizeLinear" in ops and "DynamicQuantizeLinear" not in ops
        assert _batch_difference(bundle, tmp_path) < 1e-5  # fixed ranges: batch-independent
    else:
        assert "DynamicQuantizeLinear" in ops


def test_config_thresholds_override_trained_ones(tiny: dict[str, Path], tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", str(tiny["bundle"]))
    path.write_text(path.read_text().replace(
        '[classifier]', '[classifier]\nthresholds = { criticism = 0.0, threat = 1.0 }'))
    classifier = load_classifier(load_config(path))
    result = classifier.classify(["anything at all"])[0]
    assert "criticism" in result.labels and "threat" not in result.labels


def test_bare_encoder_as_model_says_how_to_train(tiny: dict[str, Path], tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path / "c.toml", str(tiny["encoder"])))
    with pytest.raises(BundleError, match="schoolwatch train --encoder"):
        load_classifier(config)


def test_damaged_bundle_file_is_detected(tiny: dict[str, Path], tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "bundle"
    shutil.copytree(tiny["bundle"], copy)
    data = bytearray((copy / ONNX_NAME).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / ONNX_NAME).write_bytes(bytes(data))
    with pytest.raises(BundleError, match="checksum"):
        load_classifier(None, backend="onnx", bundle=copy)


def test_local_encoder_path_loads_through_transformers(tiny: dict[str, Path]) -> None:
    source, offline = resolve_encoder(str(tiny["encoder"]))
    assert offline and source == str(tiny["encoder"])
    model = load_encoder(str(tiny["encoder"]))
    assert model.config.hidden_size == 32 and model.config.num_hidden_layers == 2


def test_hub_id_stays_offline_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert resolve_encoder("someone/not-a-cached-model") == ("someone/not-a-cached-model", True)
    with pytest.raises(EncoderNotFound, match="offline"):
        load_encoder("someone/not-a-cached-model")


def test_classify_command_end_to_end(tiny: dict[str, Path], tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "c.toml", str(tiny["bundle"]))
    posts = [
        {"id": "p1", "text": "Mr Pennywell at Beech Hill Primary is an idiot"},
        {"id": 2, "text": "Lovely weather today"},  # no school: still scored
        {"id": "p3", "text": "<script>alert(1)</script> beech hill primary \udcff"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(p) for p in posts) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["classify", "--config", str(config), "--input", str(source),
                 "--output", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["p1", 2, "p3"]
    assert lines[0]["schools"] == ["beech-hill"] and lines[1]["schools"] == []
    assert lines[2]["schools"] == ["beech-hill"]
    for line in lines:
        assert set(line["scores"]) == set(LABELS)
        assert set(line["labels"]) <= set(LABELS)
        assert line["action"] in ACTIONS and 0 <= line["severity"] <= 4
        assert isinstance(line["spans"], list)
    assert "classify: 3/3 posts" in capsys.readouterr().err


def test_classify_command_names_the_bad_line(tiny: dict[str, Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "c.toml", str(tiny["bundle"]))
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "ok"}\n{"id": 2, "text": \n', encoding="utf-8")
    assert main(["classify", "--config", str(config), "--input", str(source),
                 "--output", str(tmp_path / "o.jsonl")]) == 1
    assert "line 2" in capsys.readouterr().err


def test_trained_word_embeddings_travel_with_the_bundle(tiny: dict[str, Path],
                                                       tmp_path: Path) -> None:
    """With --train-word-embeddings the changed rows are stored, and both backends use them.

    The tiny corpora fill one batch per epoch and the first step's learning rate is
    zero (warm-up), so this trains three OLID epochs to change anything at all, and
    six school epochs so that the stage ends on the mean of five.
    """
    from classifiers.model.runtime import load_word_embeddings

    bundle = tmp_path / "bundle"
    assert main(["train", "--encoder", str(tiny["encoder"]), "--out", str(bundle),
                 "--olid", str(tiny["olid"]), "--school-data", str(tiny["school"]),
                 "--workdir", str(tmp_path / "work"), "--olid-epochs", "3",
                 "--school-epochs", "6", "--olid-replay", "6",
                 "--train-word-embeddings", "--threads", "1"]) == 0
    manifest = read_manifest(bundle)
    base = load_encoder(str(tiny["encoder"])).get_input_embeddings().weight.detach().numpy()
    table = load_word_embeddings(bundle, manifest)
    changed = np.flatnonzero(np.any(table != base, axis=1))
    # Training moved the rows of tokens it saw, and only those: [PAD] and unused ones stay.
    assert 0 < changed.size < base.shape[0] and 0 not in changed
    # Only those rows travel, even though the school stage averaged five epochs' weights.
    assert manifest.embeddings_patch == EMBEDDINGS_PATCH_NAME
    assert manifest.embeddings_file.startswith("base:") and manifest.format_version == 3
    config = load_config(write_config(tmp_path / "c.toml", str(bundle)))
    texts = ["you idiot", "lovely concert at Beech Hill Primary"]
    onnx = load_classifier(config, backend="onnx").model_scores(texts)
    torch_ = load_classifier(config, backend="torch").model_scores(texts)
    assert np.max(np.abs(onnx - torch_)) < 0.05
