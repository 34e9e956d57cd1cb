"""Per-token int8: rewrite a float ONNX graph's constant-weight MatMuls to integer ones.

ONNX Runtime's own dynamic quantisation takes one activation range for the
whole batch, so a post's scores move with the posts batched beside it; static
quantisation fixes the ranges from calibration data, which clips the outliers
of the feed-forward layers. Here every token (every row of the activation
matrix) gets its own symmetric range at run time:

    s = max|x_row| / 127           q = round(x_row / s) + 128      (uint8)
    y = (q - 128) @ W_int7 * s * w_scale                           (w per column)

So each row is quantised from its own values alone: a post scores the same in
any batch, no calibration is needed, and every matrix multiplication with
constant weights runs in int8 (MatMulInteger; VNNI where the CPU has it).
Attention between activations (Q·Kᵀ, weights·V) stays float. The rewritten
graph expects at least one post and one token (the scorer never sends an empty
batch).

Weights use 7 bits (codes -63..63). x86 CPUs without VNNI multiply uint8 by
int8 with VPMADDUBSW, which adds products in pairs and saturates at 32,767:
with 8-bit weights some pairs overflow (about 5 in 100,000 on dev posts), so a
school's older PC would score posts slightly differently from the machine the
thresholds were chosen on. 255 x 63 x 2 = 32,130 cannot overflow, so the
integer products are exact on every CPU.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

# uint8 codes 1..255 carry -127..127 around this zero point.
ZERO_POINT = 128
LEVELS = 127.0
# Weight codes -63..63: a pair of products stays within int16 (see above).
WEIGHT_LEVELS = 63.0
INT16_MAX = 32767
# A row of zeros would divide by zero; any tiny scale quantises it to zeros.
MIN_RANGE = 1e-8


def _opset(model: object) -> int:
    """The default-domain opset the graph was written for."""
    return next((entry.version for entry in model.opset_import  # type: ignore[attr-defined]
                 if entry.domain in ("", "ai.onnx")), 13)


def quantise_weight(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric 7-bit codes per output column: ``(codes, scales)``, ``weight ≈ codes * scales``."""
    scales = np.maximum(np.abs(weight).max(axis=0), 1e-12) / WEIGHT_LEVELS
    codes = np.clip(np.round(weight / scales), -WEIGHT_LEVELS, WEIGHT_LEVELS).astype(np.int8)
    return codes, scales.astype(np.float32)


def _integer_matmul_nodes(node: object, prefix: str, opset: int) -> tuple[list, list]:
    """Nodes and constants that replace one ``MatMul(x, W)`` with per-token int8."""
    from onnx import TensorProto, helper, numpy_helper

    x, out = node.input[0], node.output[0]  # type: ignore[attr-defined]

    def name(suffix: str) -> str:
        return f"{prefix}/{suffix}"

    constants = [
        numpy_helper.from_array(np.array(MIN_RANGE, np.float32), name("min_range")),
        numpy_helper.from_array(np.array(LEVELS, np.float32), name("levels")),
        numpy_helper.from_array(np.array(1.0, np.float32), name("unit_scale")),
        numpy_helper.from_array(np.array(ZERO_POINT, np.uint8), name("zero_point")),
    ]
    if opset >= 18:  # ReduceMax takes its axes as an input from opset 18
        constants.append(numpy_helper.from_array(np.array([-1], np.int64), name("last_axis")))
        reduce_max = helper.make_node("ReduceMax", [name("abs"), name("last_axis")],
                                      [name("row_max")], name=name("ReduceMax"), keepdims=1)
    else:
        reduce_max = helper.make_node("ReduceMax", [name("abs")], [name("row_max")],
                                      name=name("ReduceMax"), axes=[-1], keepdims=1)
    nodes = [
        helper.make_node("Abs", [x], [name("abs")], name=name("Abs")),
        reduce_max,
        helper.make_node("Max", [name("row_max"), name("min_range")], [name("range")],
                         name=name("Max")),
        helper.make_node("Div", [name("range"), name("levels")], [name("row_scale")],
                         name=name("RowScale")),
        helper.make_node("Div", [x, name("row_scale")], [name("scaled")], name=name("Scale")),
        helper.make_node("QuantizeLinear", [name("scaled"), name("unit_scale"),
                                            name("zero_point")], [name("codes")],
                         name=name("QuantizeLinear")),
        helper.make_node("MatMulInteger", [name("codes"), name("weight_codes"),
                                           name("zero_point")], [name("int32")],
                         name=name("MatMulInteger")),
        helper.make_node("Cast", [name("int32")], [name("float")], name=name("Cast"),
                         to=TensorProto.FLOAT),
        helper.make_node("Mul", [name("float"), name("row_scale")], [name("row_scaled")],
                         name=name("MulRowScale")),
        helper.make_node("Mul", [name("row_scaled"), name("weight_scales")], [out],
                         name=name("MulWeightScale")),
    ]
    return nodes, constants


def quantise_per_token(source: Path, target: Path) -> int:
    """Write ``source``'s graph to ``target`` with per-token int8 MatMuls; returns how many."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    opset = _opset(model)
    weights = {init.name: init for init in graph.initializer}
    nodes: list = []
    rewritten = 0
    for node in graph.node:
        weight = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        array = numpy_helper.to_array(weight) if weight is not None else None
        if array is None or array.ndim != 2 or array.dtype != np.float32:
            nodes.append(node)
            continue
        prefix = f"{node.name or node.output[0]}/per_token"
        replacement, constants = _integer_matmul_nodes(node, prefix, opset)
        codes, scales = quantise_weight(array)
        constants += [numpy_helper.from_array(codes, f"{prefix}/weight_codes"),
                      numpy_helper.from_array(scales, f"{prefix}/weight_scales")]
        graph.initializer.extend(constants)
        nodes += replacement
        rewritten += 1
    del graph.node[:]
    graph.node.extend(nodes)
    # Constants still read by a node, or listed as graph inputs, stay (graphs with
    # control-flow subgraphs are not expected here: torch exports of encoders have none).
    used = {name for node in graph.node for name in node.input} | {i.name for i in graph.input}
    kept = [init for init in graph.initializer if init.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    onnx.checker.check_model(model)
    onnx.save(model, str(target))
    return rewritten
