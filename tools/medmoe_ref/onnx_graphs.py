"""The three ONNX graphs of a Med-MoE model directory, written operator by operator.

Each function reads its weights one tensor at a time from a *source* (``get(name, shape)`` returning
float32 numpy arrays under the reference model's parameter names: a checkpoint or an in-memory
model) and writes them through the graph's sink, so no more than one weight is held at a time.
The computations are those of :mod:`medmoe_ref.vision` and :mod:`medmoe_ref.decoder`; the parity
tests run these graphs in ONNX Runtime against that PyTorch code.

Decoder contract (``h`` heads, ``d`` head size; ``B`` rows, ``T`` new positions, ``K`` positions
whose logits are wanted; ``Bp`` prefix rows of ``P0`` positions, ``P`` positions of each row's own
cache)::

    inputs_embeds f32 [B,T,H], attention_mask i64 [B,P0+P+T], position_ids i64 [B,T],
    prefix_index i64 [B], logits_index i64 [B,K],
    prefix_key_values.{i}.key|value f32 [h,Bp,P0,d], past_key_values.{i}.key|value f32 [h,B,P,d]
    -> logits f32 [B,K,V], present.{i}.key|value f32 [h,B,P+T,d], router_logits.{j} f32 [B,T,E]

Row ``b`` attends to the prefix row ``prefix_index[b]`` (its columns in ``attention_mask[b, :P0]``),
then to its own cache and new positions (causally). The prefix is shared, never copied: its scores
are one matrix product of every row's queries against every prefix row, with the other rows'
prefixes masked out, so a prefix of 600 image and template positions serves any number of
questions and candidates. ``present`` holds a row's own cache only. The KV layout is head-major
(``[h, rows, positions, d]``) so that the prefix reshapes to ``[h, Bp*P0, d]`` without a copy.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Tuple

import numpy as np
import torch

from .config import PHI2, ModelConfig
from .graph import BOOL, FLOAT, FLOAT16, INT64, MS_DOMAIN, Graph, Value
from .quantize import QuantSettings, quantize

FLOAT32 = "float32"
FLOAT16_NAME = "float16"
INT8 = "int8"
INT4 = "int4"
DTYPES = (FLOAT32, FLOAT16_NAME, INT8, INT4)
INT_MAX = np.iinfo(np.int64).max
SPARSE = "sparse"
DENSE = "dense"

Source = Callable[..., np.ndarray]


@dataclass(frozen=True)
class GraphOptions:
    """How the graphs store and compute: ``dtype`` of the weights (float32, float16, or int8/int4
    weight-only with float32 arithmetic), the MoE computation, and the quantization settings."""

    dtype: str = FLOAT32
    moe_compute: str = SPARSE
    quant: Optional[QuantSettings] = None
    quantize_vision: bool = False

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {DTYPES}, got {self.dtype!r}")
        if self.moe_compute not in (SPARSE, DENSE):
            raise ValueError(f"moe_compute must be sparse or dense, got {self.moe_compute!r}")
        if (self.dtype in (INT8, INT4)) != (self.quant is not None):
            raise ValueError("int8/int4 need quantization settings, other dtypes none")
        if self.quant is not None and self.quant.bits != (8 if self.dtype == INT8 else 4):
            raise ValueError(f"{self.dtype} needs {8 if self.dtype == INT8 else 4}-bit settings")

    @property
    def compute(self) -> int:
        return FLOAT16 if self.dtype == FLOAT16_NAME else FLOAT

    @property
    def embedding(self) -> int:
        """Element type of the embedding table (float16 in every dtype but float32)."""
        return FLOAT if self.dtype == FLOAT32 else FLOAT16


class Ops:
    """Layers shared by the graphs: linear, LayerNorm, activations, casts, shape helpers."""

    def __init__(self, g: Graph, source: Source, opts: GraphOptions, elem: int, quantized: bool) -> None:
        self.g = g
        self.source = source
        self.opts = opts
        self.elem = elem
        self.quantized = quantized

    def np_type(self, elem: Optional[int] = None):
        return np.float16 if (elem or self.elem) == FLOAT16 else np.float32

    def c(self, value, elem: Optional[int] = None) -> Value:
        return self.g.const(value, elem or self.elem)

    def i64(self, value) -> Value:
        return self.g.const(value, INT64)

    def weight(self, name: str, array: np.ndarray, elem: Optional[int] = None) -> Value:
        return self.g.weight(name, array.astype(self.np_type(elem), copy=False))

    def cast(self, x: Value, to: int, current: int) -> Value:
        return x if to == current else self.g.op("Cast", x, to=to)

    def linear(self, x: Value, prefix: str, out_features: int, in_features: int, bias: bool,
               elem: Optional[int] = None, quantize_ok: bool = True) -> Value:
        """``x W^T + b`` for the reference's ``nn.Linear`` at ``prefix`` (MatMulNBits when quantized)."""
        elem = elem or self.elem
        w = self.source(prefix + ".weight", (out_features, in_features))
        if self.quantized and quantize_ok:
            s = self.opts.quant
            packed, scales = quantize(w, s)
            del w
            y = self.g.op("MatMulNBits", x, self.g.weight(prefix + ".weight.q", packed),
                          self.g.weight(prefix + ".weight.scales", scales), domain=MS_DOMAIN,
                          K=in_features, N=out_features, bits=s.bits, block_size=s.block_size,
                          accuracy_level=s.accuracy_level)
        else:
            y = self.g.op("MatMul", x, self.weight(prefix + ".weight", np.ascontiguousarray(w.T), elem))
            del w
        if bias:
            y = self.g.op("Add", y, self.weight(prefix + ".bias", self.source(prefix + ".bias", (out_features,)), elem))
        return y

    def layer_norm(self, x: Value, prefix: str, size: int, eps: float) -> Value:
        return self.g.op("LayerNormalization", x, self.weight(prefix + ".weight", self.source(prefix + ".weight", (size,))),
                         self.weight(prefix + ".bias", self.source(prefix + ".bias", (size,))), axis=-1, epsilon=eps)

    def gelu_tanh(self, x: Value) -> Value:
        """Phi-2's ``gelu_new``: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
        g = self.g
        cube = g.op("Mul", g.op("Mul", x, x), x)
        inner = g.op("Mul", g.op("Add", x, g.op("Mul", cube, self.c(0.044715))), self.c(float(np.sqrt(2.0 / np.pi))))
        return g.op("Mul", g.op("Mul", x, self.c(0.5)), g.op("Add", g.op("Tanh", inner), self.c(1.0)))

    def gelu_erf(self, x: Value) -> Value:
        """Exact GELU: 0.5 x (1 + erf(x / sqrt(2)))."""
        g = self.g
        erf = g.op("Erf", g.op("Mul", x, self.c(float(1.0 / np.sqrt(2.0)))))
        return g.op("Mul", g.op("Mul", x, self.c(0.5)), g.op("Add", erf, self.c(1.0)))

    def quick_gelu(self, x: Value) -> Value:
        return self.g.op("Mul", x, self.g.op("Sigmoid", self.g.op("Mul", x, self.c(1.702))))

    def silu(self, x: Value) -> Value:
        return self.g.op("Mul", x, self.g.op("Sigmoid", x))

    def dim(self, x: Value, axis: int) -> Value:
        """``[1]``-shaped int64 size of ``x`` along ``axis``."""
        return self.g.op("Shape", x, start=axis, end=axis + 1)

    def scalar(self, v: Value) -> Value:
        return self.g.op("Squeeze", v, self.i64([0]))

    def concat(self, *parts: Value, axis: int = 0) -> Value:
        return self.g.op("Concat", *parts, axis=axis)


# ---------------------------------------------------------------------------------------------
# Vision encoder and projector


def vision_graph(cfg: ModelConfig, source: Source, opts: GraphOptions, g: Graph) -> Graph:
    """``pixel_values f32 [B,3,S,S]`` -> ``image_features f32 [B,N,H]`` (CLIP up to the selected layer,
    class token dropped, projector)."""
    v, hidden = cfg.vision, cfg.decoder.hidden_size
    elem = opts.compute
    ops = Ops(g, source, opts, elem, quantized=opts.quant is not None and opts.quantize_vision)
    D, heads = v.hidden_size, v.num_heads
    hd = D // heads
    pixels = g.input("pixel_values", FLOAT, ["batch", 3, v.image_size, v.image_size])
    x = ops.cast(pixels, elem, FLOAT)
    with g.scope("embeddings"):
        patches = g.op("Conv", x, ops.weight("vision_tower.patch_embedding.weight", source(
            "vision_tower.patch_embedding.weight", (D, 3, v.patch_size, v.patch_size))),
            kernel_shape=[v.patch_size, v.patch_size], strides=[v.patch_size, v.patch_size])
        patches = g.op("Transpose", g.op("Reshape", patches, ops.i64([0, D, -1])), perm=[0, 2, 1])
        batch = ops.dim(pixels, 0)
        cls = g.op("Reshape", ops.weight("vision_tower.class_embedding", source("vision_tower.class_embedding", (D,))),
                   ops.i64([1, 1, D]))
        cls = g.op("Expand", cls, ops.concat(batch, ops.i64([1, D])))
        x = g.op("Concat", cls, patches, axis=1)
        x = g.op("Add", x, ops.weight("vision_tower.position_embedding", source(
            "vision_tower.position_embedding", (v.num_patches + 1, D))))
        x = ops.layer_norm(x, "vision_tower.pre_layernorm", D, v.layer_norm_eps)
    head_shape = ops.i64([0, 0, heads, hd])
    for i in range(v.layers_used):
        p = f"vision_tower.layers.{i}"
        with g.scope(f"vision.{i}"):
            h = ops.layer_norm(x, p + ".layer_norm1", D, v.layer_norm_eps)
            q = g.op("Mul", ops.linear(h, p + ".self_attn.q_proj", D, D, True), ops.c(hd ** -0.5))
            k = ops.linear(h, p + ".self_attn.k_proj", D, D, True)
            val = ops.linear(h, p + ".self_attn.v_proj", D, D, True)
            q, k, val = (g.op("Transpose", g.op("Reshape", t, head_shape), perm=[0, 2, 1, 3]) for t in (q, k, val))
            scores = ops.cast(g.op("MatMul", q, g.op("Transpose", k, perm=[0, 1, 3, 2])), FLOAT, elem)
            weights = ops.cast(g.op("Softmax", scores, axis=-1), elem, FLOAT)
            attn = g.op("Reshape", g.op("Transpose", g.op("MatMul", weights, val), perm=[0, 2, 1, 3]),
                        ops.i64([0, 0, D]))
            x = g.op("Add", x, ops.linear(attn, p + ".self_attn.out_proj", D, D, True))
            h = ops.layer_norm(x, p + ".layer_norm2", D, v.layer_norm_eps)
            h = ops.quick_gelu(ops.linear(h, p + ".mlp.fc1", v.intermediate_size, D, True))
            x = g.op("Add", x, ops.linear(h, p + ".mlp.fc2", D, v.intermediate_size, True))
    with g.scope("projector"):
        x = g.op("Slice", x, ops.i64([1]), ops.i64([INT_MAX]), ops.i64([1]))
        x = ops.gelu_erf(ops.linear(x, "projector.fc1", hidden, D, True))
        x = ops.linear(x, "projector.fc2", hidden, hidden, True)
    g.output(ops.cast(x, FLOAT, elem), "image_features", FLOAT, ["batch", v.num_patches, hidden])
    return g


# ---------------------------------------------------------------------------------------------
# Token embeddings


def embed_graph(cfg: ModelConfig, source: Source, opts: GraphOptions, g: Graph) -> Graph:
    """``input_ids i64 [B,T]`` -> ``inputs_embeds f32 [B,T,H]``."""
    d = cfg.decoder
    ops = Ops(g, source, opts, opts.embedding, quantized=False)
    ids = g.input("input_ids", INT64, ["batch", "sequence"])
    table = ops.weight("embed_tokens.weight", source("embed_tokens.weight", (d.vocab_size, d.hidden_size)))
    out = g.op("Gather", table, ids, axis=0)
    g.output(ops.cast(out, FLOAT, opts.embedding), "inputs_embeds", FLOAT, ["batch", "sequence", d.hidden_size])
    return g


# ---------------------------------------------------------------------------------------------
# Decoder


def decoder_io_names(cfg: ModelConfig):
    """``(inputs, outputs)`` of the decoder graph, in order."""
    layers = range(cfg.decoder.num_layers)
    inputs = ["inputs_embeds", "attention_mask", "position_ids", "prefix_index", "logits_index"]
    inputs += [f"prefix_key_values.{i}.{kind}" for i in layers for kind in ("key", "value")]
    inputs += [f"past_key_values.{i}.{kind}" for i in layers for kind in ("key", "value")]
    outputs = ["logits"] + [f"present.{i}.{kind}" for i in layers for kind in ("key", "value")]
    outputs += [f"router_logits.{j}" for j in range(len(cfg.moe.layers))]
    return inputs, outputs


class _Masks:
    """Per-run values every layer shares: sizes, the two attention masks, the rotary tables."""

    def __init__(self, cfg: ModelConfig, ops: Ops, embeds: Value, mask: Value, positions: Value,
                 prefix_index: Value, prefix_key: Value) -> None:
        g = ops.g
        d = cfg.decoder
        with g.scope("masks"):
            self.batch = ops.dim(embeds, 0)
            self.seq = ops.dim(embeds, 1)
            prefix_rows = ops.dim(prefix_key, 1)
            self.prefix_len = ops.dim(prefix_key, 2)
            total = ops.dim(mask, 1)
            own = g.op("Sub", total, self.prefix_len)  # P + T
            past = g.op("Sub", own, self.seq)
            self.prefix_cols = g.op("Mul", prefix_rows, self.prefix_len)  # Bp * P0
            self.rows_by_seq = g.op("Mul", self.batch, self.seq)
            allowed = g.op("Cast", mask, to=BOOL)
            prefix_mask = g.op("Slice", allowed, ops.i64([0]), self.prefix_len, ops.i64([1]))
            own_mask = g.op("Slice", allowed, self.prefix_len, total, ops.i64([1]))
            images = g.op("Range", ops.i64(0), ops.scalar(prefix_rows), ops.i64(1))
            same = g.op("Equal", g.op("Unsqueeze", prefix_index, ops.i64([1])), g.op("Unsqueeze", images, ops.i64([0])))
            pre = g.op("And", g.op("Unsqueeze", same, ops.i64([2])), g.op("Unsqueeze", prefix_mask, ops.i64([1])))
            pre = g.op("Reshape", pre, ops.concat(self.batch, self.prefix_cols), allowzero=1)
            self.prefix_allowed = g.op("Unsqueeze", pre, ops.i64([0, 2]))  # [1, B, 1, Bp*P0]
            keys = g.op("Range", ops.i64(0), ops.scalar(own), ops.i64(1))
            queries = g.op("Range", ops.scalar(past), ops.scalar(own), ops.i64(1))
            causal = g.op("LessOrEqual", g.op("Unsqueeze", keys, ops.i64([0])), g.op("Unsqueeze", queries, ops.i64([1])))
            own_allowed = g.op("And", g.op("Unsqueeze", own_mask, ops.i64([1])), causal)
            self.own_allowed = g.op("Unsqueeze", own_allowed, ops.i64([0]))  # [1, B, T, P+T]
        with g.scope("rotary"):
            inv_freq = 1.0 / (d.rope_theta ** (torch.arange(0, d.rotary_dim, 2, dtype=torch.float32) / d.rotary_dim))
            freqs = g.op("Mul", g.op("Unsqueeze", g.op("Cast", positions, to=FLOAT), ops.i64([2])),
                         g.const(inv_freq.numpy(), FLOAT))
            angles = g.op("Concat", freqs, freqs, axis=-1)
            self.cos = g.op("Unsqueeze", g.op("Cos", angles), ops.i64([2]))  # [B, T, 1, rotary]
            self.sin = g.op("Unsqueeze", g.op("Sin", angles), ops.i64([2]))


class _Decoder:
    def __init__(self, cfg: ModelConfig, source: Source, opts: GraphOptions, g: Graph) -> None:
        self.cfg, self.d, self.g = cfg, cfg.decoder, g
        self.opts = opts
        self.elem = opts.compute
        self.ops = Ops(g, source, opts, self.elem, quantized=opts.quant is not None)
        self.f32 = Ops(g, source, opts, FLOAT, quantized=False)

    def rope(self, x: Value, m: _Masks) -> Value:
        """Partial rotary embedding (rotate-half) over the first ``rotary_dim`` dims, in float32."""
        g, ops, d = self.g, self.ops, self.d
        rd = d.rotary_dim
        rot = g.op("Slice", x, ops.i64([0]), ops.i64([rd]), ops.i64([3]))
        first = g.op("Slice", rot, ops.i64([0]), ops.i64([rd // 2]), ops.i64([3]))
        second = g.op("Slice", rot, ops.i64([rd // 2]), ops.i64([rd]), ops.i64([3]))
        half = g.op("Concat", g.op("Neg", second), first, axis=3)
        rotated = g.op("Add", g.op("Mul", rot, m.cos), g.op("Mul", half, m.sin))
        if rd == d.head_dim:
            return rotated
        rest = g.op("Slice", x, ops.i64([rd]), ops.i64([d.head_dim]), ops.i64([3]))
        return g.op("Concat", rotated, rest, axis=3)

    def attention(self, x: Value, i: int, m: _Masks, prefix: Tuple[Value, Value], past: Tuple[Value, Value]) -> Value:
        g, ops, d = self.g, self.ops, self.d
        H, h, hd = d.hidden_size, d.num_heads, d.head_dim
        p = f"decoder.layers.{i}.self_attn"
        heads = ops.i64([0, 0, h, hd])
        q, k, v = (ops.cast(ops.linear(x, f"{p}.{n}", H, H, d.qkv_bias), FLOAT, self.elem)
                   for n in ("q_proj", "k_proj", "v_proj"))
        q = g.op("Transpose", self.rope(g.op("Reshape", q, heads), m), perm=[2, 0, 1, 3])  # [h, B, T, d]
        k = g.op("Transpose", self.rope(g.op("Reshape", k, heads), m), perm=[2, 0, 1, 3])
        v = g.op("Transpose", g.op("Reshape", v, heads), perm=[2, 0, 1, 3])
        keys = g.op("Concat", past[0], k, axis=2, out=f"present.{i}.key")
        values = g.op("Concat", past[1], v, axis=2, out=f"present.{i}.value")
        scale = self.f32.c(hd ** -0.5)
        fill = self.f32.c(float(np.finfo(np.float32).min))
        own = g.op("Mul", g.op("MatMul", q, g.op("Transpose", keys, perm=[0, 1, 3, 2])), scale)
        flat = ops.concat(ops.i64([h]), m.rows_by_seq, ops.i64([hd]))
        prefix_flat = ops.concat(ops.i64([h]), m.prefix_cols, ops.i64([hd]))
        prefix_keys = g.op("Reshape", prefix[0], prefix_flat, allowzero=1)
        prefix_values = g.op("Reshape", prefix[1], prefix_flat, allowzero=1)
        pre = g.op("MatMul", g.op("Reshape", q, flat, allowzero=1), g.op("Transpose", prefix_keys, perm=[0, 2, 1]))
        pre = g.op("Mul", g.op("Reshape", pre, ops.concat(ops.i64([h]), m.batch, m.seq, m.prefix_cols), allowzero=1),
                   scale)
        scores = g.op("Concat", g.op("Where", m.prefix_allowed, pre, fill), g.op("Where", m.own_allowed, own, fill), axis=3)
        weights = g.op("Softmax", scores, axis=-1)
        w_pre = g.op("Slice", weights, ops.i64([0]), m.prefix_cols, ops.i64([3]))
        w_own = g.op("Slice", weights, m.prefix_cols, ops.i64([INT_MAX]), ops.i64([3]))
        out_pre = g.op("MatMul", g.op("Reshape", w_pre, ops.concat(ops.i64([h]), m.rows_by_seq, m.prefix_cols),
                                      allowzero=1), prefix_values)
        out_pre = g.op("Reshape", out_pre, ops.concat(ops.i64([h]), m.batch, m.seq, ops.i64([hd])), allowzero=1)
        out = g.op("Add", out_pre, g.op("MatMul", w_own, values))
        out = g.op("Reshape", g.op("Transpose", out, perm=[1, 2, 0, 3]), ops.i64([0, 0, H]))
        return ops.linear(ops.cast(out, self.elem, FLOAT), f"{p}.o_proj", H, H, self.d.variant == PHI2)

    def mlp(self, x: Value, prefix: str) -> Value:
        ops, d = self.ops, self.d
        H, inter = d.hidden_size, d.intermediate_size
        if d.variant == PHI2:
            return ops.linear(ops.gelu_tanh(ops.linear(x, prefix + ".fc1", inter, H, True)), prefix + ".fc2", H, inter, True)
        gate = ops.silu(ops.linear(x, prefix + ".gate_proj", inter, H, False))
        up = ops.linear(x, prefix + ".up_proj", inter, H, False)
        return ops.linear(self.g.op("Mul", gate, up), prefix + ".down_proj", H, inter, False)

    def moe(self, x: Value, i: int, j: int) -> Value:
        g, ops, f32 = self.g, self.ops, self.f32
        moe, H = self.cfg.moe, self.d.hidden_size
        p = f"decoder.layers.{i}.mlp"
        x32 = ops.cast(x, FLOAT, self.elem)
        with g.scope("gate"):
            logits = f32.linear(x32, p + ".gate.router", moe.num_experts, H, True, quantize_ok=False)
            logits = g.op("Identity", logits, out=f"router_logits.{j}")
            probs = g.op("Softmax", logits, axis=-1)
            values, indices = g.op("TopK", probs, ops.i64([moe.top_k]), axis=-1, outputs=2)
            if moe.top_k > 1:
                values = g.op("Div", values, g.op("ReduceSum", values, ops.i64([-1]), keepdims=1))
            weights = g.op("ScatterElements", g.op("Mul", probs, f32.c(0.0)), indices, values, axis=-1)
        weights = ops.cast(weights, self.elem, FLOAT)
        if self.opts.moe_compute == DENSE:
            routed = None
            for e in range(moe.num_experts):
                with g.scope(f"expert.{e}"):
                    w = g.op("Slice", weights, ops.i64([e]), ops.i64([e + 1]), ops.i64([-1]))
                    term = g.op("Mul", w, self.mlp(x, f"{p}.experts.{e}"))
                    routed = term if routed is None else g.op("Add", routed, term)
        else:
            routed = self.sparse(x, weights, p)
        if moe.use_residual:
            with g.scope("residual"):
                coef = g.op("Softmax", f32.linear(x32, p + ".coefficient", 2, H, True, quantize_ok=False), axis=-1)
                coef = ops.cast(coef, self.elem, FLOAT)
                c0 = g.op("Slice", coef, ops.i64([0]), ops.i64([1]), ops.i64([-1]))
                c1 = g.op("Slice", coef, ops.i64([1]), ops.i64([2]), ops.i64([-1]))
                routed = g.op("Add", g.op("Mul", routed, c0), g.op("Mul", self.mlp(x, p + ".residual"), c1))
        with g.scope("meta"):
            return g.op("Add", routed, self.mlp(x, p + ".meta"))

    def sparse(self, x: Value, weights: Value, p: str) -> Value:
        """Each expert on the rows routed to it: NonZero -> Gather -> FFN -> ScatterND(add)."""
        g, ops = self.g, self.ops
        H, E = self.d.hidden_size, self.cfg.moe.num_experts
        flat = g.op("Reshape", x, ops.i64([-1, H]))
        chosen = g.op("Reshape", weights, ops.i64([-1, E]))
        routed = g.op("ConstantOfShape", g.op("Shape", flat),
                      value=_scalar_tensor(0.0, np.float16 if self.elem == FLOAT16 else np.float32))
        for e in range(E):
            with g.scope(f"expert.{e}"):
                column = g.op("Gather", chosen, ops.i64(e), axis=1)
                rows = g.op("Reshape", g.op("NonZero", g.op("Not", g.op("Equal", column, ops.c(0.0)))), ops.i64([-1]))
                out = self.mlp(g.op("Gather", flat, rows, axis=0), f"{p}.experts.{e}")
                out = g.op("Mul", g.op("Unsqueeze", g.op("Gather", column, rows, axis=0), ops.i64([1])), out)
                # routed[rows] = routed[rows] + out, as the reference's index_put (no reduction: any dtype)
                out = g.op("Add", g.op("Gather", routed, rows, axis=0), out)
                routed = g.op("ScatterND", routed, g.op("Unsqueeze", rows, ops.i64([1])), out)
        return g.op("Reshape", routed, g.op("Shape", x))

    def build(self) -> Graph:
        g, ops, d, cfg = self.g, self.ops, self.d, self.cfg
        h, hd = d.num_heads, d.head_dim
        embeds = g.input("inputs_embeds", FLOAT, ["batch", "sequence", d.hidden_size])
        mask = g.input("attention_mask", INT64, ["batch", "total_sequence"])
        positions = g.input("position_ids", INT64, ["batch", "sequence"])
        prefix_index = g.input("prefix_index", INT64, ["batch"])
        logits_index = g.input("logits_index", INT64, ["batch", "logits_positions"])
        prefix = [(g.input(f"prefix_key_values.{i}.key", FLOAT, [h, "prefix_batch", "prefix_sequence", hd]),
                   g.input(f"prefix_key_values.{i}.value", FLOAT, [h, "prefix_batch", "prefix_sequence", hd]))
                  for i in range(d.num_layers)]
        past = [(g.input(f"past_key_values.{i}.key", FLOAT, [h, "batch", "past_sequence", hd]),
                 g.input(f"past_key_values.{i}.value", FLOAT, [h, "batch", "past_sequence", hd]))
                for i in range(d.num_layers)]
        m = _Masks(cfg, ops, embeds, mask, positions, prefix_index, prefix[0][0])
        x = ops.cast(embeds, self.elem, FLOAT)
        moe_index = {layer: j for j, layer in enumerate(cfg.moe.layers)}
        eps = d.layer_norm_eps
        for i in range(d.num_layers):
            p = f"decoder.layers.{i}"
            with g.scope(f"layers.{i}"):
                normed = ops.layer_norm(x, p + ".input_layernorm", d.hidden_size, eps)
                with g.scope("attn"):
                    attn = self.attention(normed, i, m, prefix[i], past[i])
                if d.variant == PHI2:
                    ffn_in, residual = normed, g.op("Add", x, attn)
                else:
                    residual = g.op("Add", x, attn)
                    ffn_in = ops.layer_norm(residual, p + ".post_attention_layernorm", d.hidden_size, eps)
                with g.scope("mlp"):
                    ffn = self.moe(ffn_in, i, moe_index[i]) if i in moe_index else self.mlp(ffn_in, p + ".mlp")
                x = g.op("Add", residual, ffn)
        with g.scope("head"):
            x = ops.layer_norm(x, "decoder.final_layernorm", d.hidden_size, eps)
            index = g.op("Unsqueeze", logits_index, ops.i64([2]))
            index = g.op("Expand", index, ops.concat(m.batch, ops.dim(logits_index, 1), ops.i64([d.hidden_size])))
            x = g.op("GatherElements", x, index, axis=1)
            logits = ops.cast(ops.linear(x, "decoder.lm_head", d.vocab_size, d.hidden_size, d.lm_head_bias),
                              FLOAT, self.elem)
        g.output(logits, "logits", FLOAT, ["batch", "logits_positions", d.vocab_size])
        for i in range(d.num_layers):
            for kind in ("key", "value"):
                g.outputs.append(_value_info(f"present.{i}.{kind}", [h, "batch", "total_own_sequence", hd]))
        for j in range(len(cfg.moe.layers)):
            g.outputs.append(_value_info(f"router_logits.{j}", ["batch", "sequence", cfg.moe.num_experts]))
        return g


def decoder_graph(cfg: ModelConfig, source: Source, opts: GraphOptions, g: Graph) -> Graph:
    return _Decoder(cfg, source, opts, g).build()


def _value_info(name: str, dims):
    from onnx import helper

    return helper.make_tensor_value_info(name, FLOAT, dims)


def _scalar_tensor(value: float, dtype):
    from onnx import numpy_helper

    return numpy_helper.from_array(np.array([value], dtype=dtype), "value")
