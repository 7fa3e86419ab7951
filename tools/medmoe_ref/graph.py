"""A small builder of ONNX graphs whose weights stream to disk as they are added.

The exporter writes the model's graphs node by node instead of tracing a PyTorch module, so that
a checkpoint can be converted one tensor at a time: each weight is converted, appended to the
graph's external-data file (or kept inline for small graphs) and dropped. The graph's protobuf then
holds only the structure and the data references, whatever the model's size.

Naming: nodes are ``<scope>/<OpType>_<n>``; their outputs ``<scope>/<OpType>_<n>:<i>``. Scopes make
the graphs readable and let tests find, e.g., every node of the router.
"""
from __future__ import annotations

import contextlib
import os
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
MS_DOMAIN = "com.microsoft"
FLOAT = TensorProto.FLOAT
FLOAT16 = TensorProto.FLOAT16
INT64 = TensorProto.INT64
BOOL = TensorProto.BOOL
UINT8 = TensorProto.UINT8
NUMPY_TYPES = {FLOAT: np.float32, FLOAT16: np.float16, INT64: np.int64, BOOL: np.bool_, UINT8: np.uint8}
# Weights smaller than this stay inline even in a graph with external data.
INLINE_BYTES = 1024
ALIGN = 4096


def tensor_type(dtype: np.dtype) -> int:
    """The ONNX element type of a numpy dtype (``onnx.mapping`` before onnx 1.13, ``helper`` after)."""
    if hasattr(helper, "np_dtype_to_tensor_dtype"):
        return helper.np_dtype_to_tensor_dtype(np.dtype(dtype))
    from onnx import mapping

    return mapping.NP_TYPE_TO_TENSOR_TYPE[np.dtype(dtype)]


class WeightSink:
    """Where a graph's weights go: inline in the protobuf, or appended to one external-data file
    (offsets aligned to 4 KiB, so a runtime can map them)."""

    def __init__(self, directory: Optional[str] = None, location: Optional[str] = None) -> None:
        self.location = location
        self.path = os.path.join(directory, location) if location else None
        self._file = open(self.path, "wb") if self.path else None
        self.offset = 0
        self.bytes = 0

    @property
    def external(self) -> bool:
        return self._file is not None

    def tensor(self, name: str, array: np.ndarray) -> TensorProto:
        array = np.ascontiguousarray(array)
        self.bytes += array.nbytes
        if not self.external or array.nbytes < INLINE_BYTES:
            return numpy_helper.from_array(array, name)
        proto = TensorProto()
        proto.name = name
        proto.dims.extend(array.shape)
        proto.data_type = tensor_type(array.dtype)
        pad = -self.offset % ALIGN
        if pad:
            self._file.write(b"\0" * pad)
            self.offset += pad
        data = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        self._file.write(data)
        proto.data_location = TensorProto.EXTERNAL
        for key, value in (("location", self.location), ("offset", str(self.offset)), ("length", str(len(data)))):
            entry = proto.external_data.add()
            entry.key, entry.value = key, value
        self.offset += len(data)
        return proto

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


Value = str


class Graph:
    """Nodes, inputs, outputs and initializers of one ONNX graph."""

    def __init__(self, name: str, sink: WeightSink) -> None:
        self.name = name
        self.sink = sink
        self.nodes: List[onnx.NodeProto] = []
        self.inputs: List[onnx.ValueInfoProto] = []
        self.outputs: List[onnx.ValueInfoProto] = []
        self.initializers: List[TensorProto] = []
        self._scope: List[str] = []
        self._counter: Dict[str, int] = {}
        self._consts: Dict[Tuple, str] = {}
        self.uses_ms_domain = False

    # -- structure ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def scope(self, name: str) -> Iterator[None]:
        self._scope.append(name)
        try:
            yield
        finally:
            self._scope.pop()

    def _prefix(self) -> str:
        return "/" + "/".join(self._scope) if self._scope else ""

    def input(self, name: str, elem: int, dims: Sequence[Union[int, str]]) -> Value:
        self.inputs.append(helper.make_tensor_value_info(name, elem, list(dims)))
        return name

    def output(self, value: Value, name: str, elem: int, dims: Sequence[Union[int, str]]) -> None:
        """Declares ``value`` as graph output ``name`` (renamed through an Identity if needed)."""
        if value != name:
            self.op("Identity", value, out=name)
        self.outputs.append(helper.make_tensor_value_info(name, elem, list(dims)))

    def op(self, op_type: str, *inputs: Optional[Value], outputs: int = 1, out: Optional[Union[str, Sequence[str]]] = None,
           domain: str = "", **attrs) -> Union[Value, Tuple[Value, ...]]:
        """Adds a node; returns its output name (or names when ``outputs`` > 1)."""
        prefix = self._prefix()
        key = prefix + "/" + op_type
        self._counter[key] = self._counter.get(key, 0) + 1
        node_name = f"{prefix}/{op_type}_{self._counter[key]}"
        if out is None:
            names = [f"{node_name}:{i}" for i in range(outputs)]
        else:
            names = [out] if isinstance(out, str) else list(out)
        node = helper.make_node(op_type, ["" if i is None else i for i in inputs], names, name=node_name,
                                domain=domain or None, **attrs)
        if domain == MS_DOMAIN:
            self.uses_ms_domain = True
        self.nodes.append(node)
        return names[0] if len(names) == 1 else tuple(names)

    # -- data --------------------------------------------------------------------------------
    def const(self, value, elem: int = INT64) -> Value:
        """A small constant (shape vectors, scalars), shared by equal values."""
        array = np.asarray(value, dtype=NUMPY_TYPES[elem])
        key = (elem, array.shape, array.tobytes())
        if key not in self._consts:
            name = f"const_{len(self._consts)}"
            self.initializers.append(numpy_helper.from_array(array, name))
            self._consts[key] = name
        return self._consts[key]

    def weight(self, name: str, array: np.ndarray) -> Value:
        """A weight, written through the sink (external data for large graphs)."""
        self.initializers.append(self.sink.tensor(name, array))
        return name

    # -- output ------------------------------------------------------------------------------
    def model(self, producer: str) -> onnx.ModelProto:
        graph = helper.make_graph(self.nodes, self.name, self.inputs, self.outputs, self.initializers)
        opsets = [helper.make_opsetid("", OPSET)]
        if self.uses_ms_domain:
            opsets.append(helper.make_opsetid(MS_DOMAIN, 1))
        model = helper.make_model(graph, opset_imports=opsets, producer_name=producer)
        model.ir_version = 8
        return model

    def save(self, path: str, producer: str = "medmoe-export") -> None:
        """Writes the graph (its weights are already in the sink's file, or inline)."""
        self.sink.close()
        model = self.model(producer)
        with open(path, "wb") as out:
            out.write(model.SerializeToString())
