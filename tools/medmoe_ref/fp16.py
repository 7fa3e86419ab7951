"""Float16 conversion of an exported float32 graph that keeps precision-critical parts in fp32.

PyTorch 1.13 cannot trace half-precision models on CPU, so the exporter writes float32 graphs and
this module rewrites them:

* Weights and computation become float16, except nodes in the ``gate`` scopes (the MoE router:
  its linear layer, softmax and top-k selection, which must not flip an argmax) and the
  ``rotary`` scope (angles of the position embedding, which lose whole radians in fp16 at long
  positions). Casts are inserted where the two regions meet.
* The graph boundary stays float32 (inputs, outputs, KV cache), so callers need not change.
* Float constants are clamped to the float16 range (the attention mask's fill value becomes
  -65504, so fully masked rows still give a finite softmax).
"""
from __future__ import annotations

from typing import Dict, List, Set, Tuple

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

KEEP_FP32_SCOPES = ("/gate/", "/rotary/")
FP16_MAX = float(np.finfo(np.float16).max)


def keeps_fp32(node: onnx.NodeProto) -> bool:
    return any(scope in node.name for scope in KEEP_FP32_SCOPES)


def _to_fp16_array(array: np.ndarray) -> np.ndarray:
    return np.clip(array, -FP16_MAX, FP16_MAX).astype(np.float16)


def _float_values(model: onnx.ModelProto) -> Set[str]:
    """Names of every float32 value in the graph (inputs, initializers, node outputs)."""
    inferred = onnx.shape_inference.infer_shapes(model)
    graph = inferred.graph
    floats = {v.name for v in list(graph.input) + list(graph.output) + list(graph.value_info)
              if v.type.tensor_type.elem_type == TensorProto.FLOAT}
    floats |= {t.name for t in graph.initializer if t.data_type == TensorProto.FLOAT}
    for node in graph.node:  # Constant outputs are not always in value_info
        if node.op_type == "Constant":
            for attr in node.attribute:
                if attr.name == "value" and attr.t.data_type == TensorProto.FLOAT:
                    floats.add(node.output[0])
    return floats


def convert_model(model: onnx.ModelProto) -> onnx.ModelProto:
    graph = model.graph
    floats = _float_values(model)
    dtype: Dict[str, int] = {}  # current element type of every float value
    initializers = {t.name: t for t in graph.initializer}
    new_initializers: List[onnx.TensorProto] = []
    new_nodes: List[onnx.NodeProto] = []
    casts: Dict[Tuple[str, int], str] = {}

    for value in graph.input:
        if value.name in floats:
            dtype[value.name] = TensorProto.FLOAT

    used_inits: Set[str] = set()

    def want(name: str, elem: int) -> str:
        """The name of ``name`` as element type ``elem``, adding a cast or fp16 initializer."""
        if name not in floats or name == "":
            return name
        if name in initializers:
            if elem == TensorProto.FLOAT:
                used_inits.add(name)
                return name
            key = (name, elem)
            if key not in casts:
                array = numpy_helper.to_array(initializers[name])
                converted = numpy_helper.from_array(_to_fp16_array(array), name + "__fp16")
                new_initializers.append(converted)
                casts[key] = converted.name
            return casts[key]
        current = dtype.get(name, TensorProto.FLOAT)
        if current == elem:
            return name
        key = (name, elem)
        if key not in casts:
            cast_name = f"{name}__as_{'fp16' if elem == TensorProto.FLOAT16 else 'fp32'}"
            new_nodes.append(helper.make_node("Cast", [name], [cast_name], to=elem, name=cast_name + "/Cast"))
            dtype[cast_name] = elem
            casts[key] = cast_name
        return casts[key]

    for node in graph.node:
        region = TensorProto.FLOAT if keeps_fp32(node) else TensorProto.FLOAT16
        for i, name in enumerate(node.input):
            node.input[i] = want(name, region)
        if region == TensorProto.FLOAT16:
            _retype_node(node)
        for out in node.output:
            if out in floats or _produces_float(node):
                dtype[out] = region
                floats.add(out)
        new_nodes.append(node)

    # The boundary stays float32: rename fp16 producers of graph outputs and cast back.
    for value in graph.output:
        if value.name in floats and dtype.get(value.name) == TensorProto.FLOAT16:
            inner = value.name + "__fp16"
            for node in new_nodes:
                for i, out in enumerate(node.output):
                    if out == value.name:
                        node.output[i] = inner
                for i, inp in enumerate(node.input):
                    if inp == value.name:
                        node.input[i] = inner
            new_nodes.append(helper.make_node("Cast", [inner], [value.name], to=TensorProto.FLOAT,
                                              name=value.name + "/CastToFloat"))

    kept = [t for t in graph.initializer if t.data_type != TensorProto.FLOAT or t.name in used_inits]
    del graph.initializer[:]
    graph.initializer.extend(kept + new_initializers)
    del graph.node[:]
    graph.node.extend(_topological(new_nodes, graph))
    del graph.value_info[:]
    return model


def _produces_float(node: onnx.NodeProto) -> bool:
    if node.op_type == "Cast":
        return any(a.name == "to" and a.i in (TensorProto.FLOAT, TensorProto.FLOAT16) for a in node.attribute)
    return False


def _retype_node(node: onnx.NodeProto) -> None:
    """Makes a node that creates float data create float16 data instead."""
    for attr in node.attribute:
        if node.op_type == "Cast" and attr.name == "to" and attr.i == TensorProto.FLOAT:
            attr.i = TensorProto.FLOAT16
        elif node.op_type in ("Constant", "ConstantOfShape") and attr.name == "value" \
                and attr.t.data_type == TensorProto.FLOAT:
            array = numpy_helper.to_array(attr.t)
            attr.t.CopyFrom(numpy_helper.from_array(_to_fp16_array(array), attr.t.name))


def _topological(nodes: List[onnx.NodeProto], graph: onnx.GraphProto) -> List[onnx.NodeProto]:
    """Orders nodes so every input is produced before use (casts were appended out of place)."""
    available = {v.name for v in graph.input} | {t.name for t in graph.initializer} | {""}
    pending = list(nodes)
    ordered: List[onnx.NodeProto] = []
    while pending:
        progressed = []
        rest = []
        for node in pending:
            if all(i in available for i in node.input):
                progressed.append(node)
                available.update(node.output)
            else:
                rest.append(node)
        if not progressed:
            missing = {i for n in rest for i in n.input if i not in available}
            raise ValueError(f"graph is not closed; unresolved inputs: {sorted(missing)[:5]}")
        ordered.extend(progressed)
        pending = rest
    return ordered


def convert_file(src: str, dst: str) -> None:
    """Converts the float32 ONNX file ``src`` (with any external data) into ``dst``."""
    model = onnx.load(src, load_external_data=True)
    model = convert_model(model)
    onnx.save_model(model, dst, save_as_external_data=model.ByteSize() > 1_800_000_000,
                    all_tensors_to_one_file=True, location=dst.rsplit("/", 1)[-1] + "_data")
