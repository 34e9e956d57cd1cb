"""Per-token int8 rewrite: a real ONNX graph before and after, run in ONNX Runtime."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from classifiers.training.token_int8 import (
    INT16_MAX,
    WEIGHT_LEVELS,
    ZERO_POINT,
    quantise_per_token,
    quantise_weight,
)

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")


def _projection_graph(path: Path, weight: np.ndarray, opset: int) -> None:
    """x @ W + b, then x2 @ x2ᵀ (a product of activations that must stay float)."""
    from onnx import TensorProto, helper, numpy_helper

    rows, cols = weight.shape
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["xw"], name="layer.0/output/dense/MatMul"),
         helper.make_node("Add", ["xw", "b"], ["y"], name="bias"),
         helper.make_node("Transpose", ["y"], ["yt"], perm=[0, 2, 1], name="transpose"),
         helper.make_node("MatMul", ["y", "yt"], ["scores"], name="attention")],
        "projection",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "tokens", rows])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "tokens", cols]),
         helper.make_tensor_value_info("scores", TensorProto.FLOAT,
                                       ["batch", "tokens", "tokens"])],
        [numpy_helper.from_array(weight, "W"),
         numpy_helper.from_array(np.linspace(-1, 1, cols).astype(np.float32), "b")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.save(model, str(path))


def _run(path: Path, x: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(["y"], {"x": x})[0]


@pytest.mark.parametrize("opset", [17, 18])
def test_rewrite_keeps_outputs_close_and_attention_float(tmp_path: Path, opset: int) -> None:
    rng = np.random.default_rng(7)
    weight = rng.normal(size=(48, 16)).astype(np.float32)
    source, target = tmp_path / "float.onnx", tmp_path / "int8.onnx"
    _projection_graph(source, weight, opset)
    assert quantise_per_token(source, target) == 1
    ops = [node.op_type for node in onnx.load(str(target)).graph.node]
    assert ops.count("MatMulInteger") == 1 and ops.count("MatMul") == 1  # attention stays
    # Heavy-tailed activations, like GELU outputs: one token with a huge outlier.
    x = rng.normal(size=(3, 5, 48)).astype(np.float32)
    x[1, 2, 0] = 400.0
    expected, got = _run(source, x), _run(target, x)
    spread = np.abs(expected).max(axis=-1, keepdims=True)
    assert np.all(np.abs(got - expected) <= 0.04 * spread + 1e-3)  # 7-bit weights, 8-bit rows
    # The outlier only coarsens its own token. One range for the whole tensor would give
    # every token a step of 400/127 (errors of several units); per token, well under one.
    others = np.ones(x.shape[:2], dtype=bool)
    others[1, 2] = False
    assert np.max(np.abs(got - expected)[others]) < 0.5


def test_each_token_is_quantised_from_its_own_values(tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    source, target = tmp_path / "float.onnx", tmp_path / "int8.onnx"
    _projection_graph(source, rng.normal(size=(32, 8)).astype(np.float32), 17)
    quantise_per_token(source, target)
    post = rng.normal(size=(1, 4, 32)).astype(np.float32)
    neighbour = 1000 * rng.normal(size=(1, 4, 32)).astype(np.float32)  # a wild batch-mate
    zeros = np.zeros((1, 4, 32), dtype=np.float32)  # padding-like rows: no division by zero
    alone = _run(target, post)
    batched = _run(target, np.concatenate([neighbour, post, zeros]))
    assert np.array_equal(alone[0], batched[1])
    assert np.all(np.isfinite(batched[2]))


def test_a_graph_without_constant_projections_is_left_alone(tmp_path: Path) -> None:
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("MatMul", ["a", "b"], ["y"], name="activations")], "plain",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [2, 2]) for n in ("a", "b")],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 2])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(tmp_path / "plain.onnx"))
    assert quantise_per_token(tmp_path / "plain.onnx", tmp_path / "out.onnx") == 0
    assert [n.op_type for n in onnx.load(str(tmp_path / "out.onnx")).graph.node] == ["MatMul"]


@settings(max_examples=60, deadline=None)
@given(arrays(np.float32, st.tuples(st.integers(1, 6), st.integers(1, 6)),
              elements=st.floats(-50, 50, width=32)))
def test_weight_codes_round_trip_within_half_a_step(weight: np.ndarray) -> None:
    codes, scales = quantise_weight(weight)
    assert codes.dtype == np.int8 and np.all(np.abs(codes) <= WEIGHT_LEVELS)
    assert scales.shape == (weight.shape[1],)
    error = np.abs(codes.astype(np.float32) * scales - weight)
    assert np.all(error <= scales / 2 + 1e-6 * np.abs(weight).max(initial=1.0))


def test_no_pair_of_products_can_overflow_int16_on_cpus_without_vnni(tmp_path: Path) -> None:
    # VPMADDUBSW adds uint8 x int8 products in pairs into int16: the worst pair must fit.
    assert 2 * (2 * ZERO_POINT - 1) * WEIGHT_LEVELS <= INT16_MAX
    rng = np.random.default_rng(3)
    source, target = tmp_path / "float.onnx", tmp_path / "int8.onnx"
    weight = rng.standard_t(df=2, size=(64, 16)).astype(np.float32)  # heavy-tailed weights
    _projection_graph(source, weight, 17)
    quantise_per_token(source, target)
    from onnx import numpy_helper

    codes = [numpy_helper.to_array(init) for init in onnx.load(str(target)).graph.initializer
             if init.name.endswith("/weight_codes")]
    assert len(codes) == 1 and np.abs(codes[0]).max() == WEIGHT_LEVELS
    activations = np.full((1, 64), 2 * ZERO_POINT - 1, dtype=np.int32)  # the largest code
    pairs = (activations[:, 0::2, None] * codes[0][None, 0::2].astype(np.int32)
             + activations[:, 1::2, None] * codes[0][None, 1::2].astype(np.int32))
    assert np.abs(pairs).max() <= INT16_MAX
