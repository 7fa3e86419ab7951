"""The Med-MoE language decoder: Phi-2 style and StableLM style blocks, MoE layers, KV cache.

Shapes: ``B`` batch, ``T`` new positions, ``P`` cached (past) positions, ``H`` hidden size,
``h`` heads, ``d`` head size, ``E`` routed experts.

Conventions shared with the exported ONNX graph:

* ``attention_mask [B, P+T]`` covers past and new positions (1 = real token, 0 = padding), so
  left padding works; attention is causal on top of it. A query whose row is fully masked (a
  padding position) attends uniformly instead of producing NaN.
* ``position_ids [B, T]`` are given by the caller (for left padding: the running count of real
  tokens minus one) and drive the rotary embedding directly; there is no position table.
* Rotary embedding is partial (the first ``rotary_dim`` dims of each head, rotate-half layout)
  and is computed in fp32.
"""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import torch
from torch import nn
from torch.nn import functional as F

from .config import PHI2, DecoderConfig, MoEConfig

KeyValue = Tuple[torch.Tensor, torch.Tensor]


def gelu_new(x: torch.Tensor) -> torch.Tensor:
    """The tanh approximation of GELU used by Phi-2 (``gelu_new``)."""
    return F.gelu(x, approximate="tanh")


class Rotary(nn.Module):
    """Rotary position embedding tables for given positions, in fp32."""

    def __init__(self, rotary_dim: int, theta: float) -> None:
        super().__init__()
        inv_freq = 1.0 / (theta ** (torch.arange(0, rotary_dim, 2, dtype=torch.float32) / rotary_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, position_ids: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        freqs = position_ids.to(torch.float32).unsqueeze(-1) * self.inv_freq
        emb = torch.cat([freqs, freqs], dim=-1).unsqueeze(1)  # [B, 1, T, rotary_dim]
        return emb.cos(), emb.sin()


def _rotate_half(x: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def apply_rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor, rotary_dim: int) -> torch.Tensor:
    rot, rest = x[..., :rotary_dim], x[..., rotary_dim:]
    rot = (rot.float() * cos + _rotate_half(rot.float()) * sin).to(x.dtype)
    return torch.cat([rot, rest], dim=-1)


def attention_bias_mask(attention_mask: torch.Tensor, num_new) -> torch.Tensor:
    """Boolean ``[B, 1, T, P+T]`` mask of the keys each of the ``T`` new positions may attend to.

    ``num_new`` may be a traced size, so the arithmetic stays symbolic in an exported graph.
    """
    total = attention_mask.shape[1]
    key_pos = torch.arange(total, device=attention_mask.device)
    query_pos = torch.arange(num_new, device=attention_mask.device) + (total - num_new)
    causal = key_pos.unsqueeze(0) <= query_pos.unsqueeze(1)  # [T, P+T]
    return causal.unsqueeze(0).unsqueeze(0) & attention_mask.bool().unsqueeze(1).unsqueeze(2)


class Attention(nn.Module):
    def __init__(self, cfg: DecoderConfig) -> None:
        super().__init__()
        self.num_heads = cfg.num_heads
        self.head_dim = cfg.head_dim
        self.rotary_dim = cfg.rotary_dim
        inner = cfg.num_heads * cfg.head_dim
        self.q_proj = nn.Linear(cfg.hidden_size, inner, bias=cfg.qkv_bias)
        self.k_proj = nn.Linear(cfg.hidden_size, inner, bias=cfg.qkv_bias)
        self.v_proj = nn.Linear(cfg.hidden_size, inner, bias=cfg.qkv_bias)
        # Phi-2's output projection ("dense") has a bias, StableLM's ("o_proj") has none.
        self.o_proj = nn.Linear(inner, cfg.hidden_size, bias=cfg.variant == PHI2)

    def _heads(self, x: torch.Tensor) -> torch.Tensor:
        b, t, _ = x.shape
        return x.reshape(b, t, self.num_heads, self.head_dim).transpose(1, 2)

    def forward(self, x: torch.Tensor, rope: Tuple[torch.Tensor, torch.Tensor], mask: torch.Tensor,
                past: KeyValue) -> Tuple[torch.Tensor, KeyValue]:
        cos, sin = rope
        q = apply_rotary(self._heads(self.q_proj(x)), cos, sin, self.rotary_dim)
        k = apply_rotary(self._heads(self.k_proj(x)), cos, sin, self.rotary_dim)
        v = self._heads(self.v_proj(x))
        k = torch.cat([past[0], k], dim=2)
        v = torch.cat([past[1], v], dim=2)
        scores = (q @ k.transpose(-1, -2)) * (self.head_dim ** -0.5)
        scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
        weights = torch.softmax(scores, dim=-1)
        b, _, t, _ = q.shape
        out = (weights @ v).transpose(1, 2).reshape(b, t, self.num_heads * self.head_dim)
        return self.o_proj(out), (k, v)


class PhiMLP(nn.Module):
    def __init__(self, cfg: DecoderConfig) -> None:
        super().__init__()
        self.fc1 = nn.Linear(cfg.hidden_size, cfg.intermediate_size)
        self.fc2 = nn.Linear(cfg.intermediate_size, cfg.hidden_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(gelu_new(self.fc1(x)))


class SwiGLUMLP(nn.Module):
    def __init__(self, cfg: DecoderConfig) -> None:
        super().__init__()
        self.gate_proj = nn.Linear(cfg.hidden_size, cfg.intermediate_size, bias=False)
        self.up_proj = nn.Linear(cfg.hidden_size, cfg.intermediate_size, bias=False)
        self.down_proj = nn.Linear(cfg.intermediate_size, cfg.hidden_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


def make_mlp(cfg: DecoderConfig) -> nn.Module:
    return PhiMLP(cfg) if cfg.variant == PHI2 else SwiGLUMLP(cfg)


class RouterGate(nn.Module):
    """The frozen modality router, always evaluated in fp32.

    Returns the raw router logits ``[B,T,E]`` and dense combine weights ``[B,T,E]``: for top-1,
    the chosen expert's softmax probability (not renormalised) and zeros elsewhere; for top-2,
    the two highest probabilities renormalised to sum to one.
    """

    def __init__(self, hidden_size: int, num_experts: int, top_k: int) -> None:
        super().__init__()
        self.top_k = top_k
        self.router = nn.Linear(hidden_size, num_experts)
        # Training aid: when set, the router sees its input without gradient, so training it as a
        # classifier (a probe) does not reshape the decoder's hidden states. No effect on inference.
        self.detach_input = False

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        source = x.detach() if self.detach_input else x
        logits = F.linear(source.float(), self.router.weight.float(), self.router.bias.float())
        probs = torch.softmax(logits, dim=-1)
        values, indices = torch.topk(probs, self.top_k, dim=-1)
        if self.top_k > 1:
            values = values / values.sum(dim=-1, keepdim=True)
        weights = torch.zeros_like(probs).scatter(-1, indices, values)
        return logits, weights


class MoEFeedForward(nn.Module):
    """The Med-MoE feed-forward, in DeepSpeed's order of operations (``moe/layer.py`` of the
    reference code)::

        routed = sum_e w_e * Expert_e(x)                      # experts in index order
        routed = c_0 * routed + c_1 * Residual(x)             # only with use_residual,
                                                              # c = softmax(coefficient(x))
        y = routed + Meta(x)

    with the router's combine weights ``w``. Two computations of the same sum, selected by
    :attr:`compute`:

    * ``"dense"`` (the reference's default): every expert on every token, weighted by the dense
      one-hot/two-hot vector; batch-independent and free of data-dependent shapes.
    * ``"sparse"``: each expert runs only on the tokens routed to it (the rows with a non-zero
      weight, gathered, run, and added back at their positions), which is what the exporter
      writes by default. The additions happen in the same order as in the dense form and the
      skipped terms are exact zeros, so both give the same result up to the rounding of a matrix
      product over fewer rows.

    In the released checkpoints the residual MLP is the same module as the meta expert (both are
    the layer's original MLP); the loader copies the meta expert's weights into :attr:`residual`
    when the checkpoint stores them once.
    """

    DENSE = "dense"
    SPARSE = "sparse"

    def __init__(self, cfg: DecoderConfig, moe: MoEConfig) -> None:
        super().__init__()
        self.gate = RouterGate(cfg.hidden_size, moe.num_experts, moe.top_k)
        self.experts = nn.ModuleList(make_mlp(cfg) for _ in range(moe.num_experts))
        self.meta = make_mlp(cfg)
        self.use_residual = moe.use_residual
        if moe.use_residual:
            self.residual = make_mlp(cfg)
            self.coefficient = nn.Linear(cfg.hidden_size, 2)
        self.compute = self.DENSE

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        router_logits, weights = self.gate(x)
        if self.compute == self.SPARSE:
            routed = self._sparse(x, weights)
        else:
            weights = weights.to(x.dtype)
            routed = torch.zeros_like(x)
            for index, expert in enumerate(self.experts):
                routed = routed + weights[..., index:index + 1] * expert(x)
        if self.use_residual:
            coef = torch.softmax(F.linear(x.float(), self.coefficient.weight.float(),
                                          self.coefficient.bias.float()), dim=-1).to(x.dtype)
            routed = routed * coef[..., 0:1] + self.residual(x) * coef[..., 1:2]
        return routed + self.meta(x), router_logits

    def _sparse(self, x: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
        flat = x.reshape(-1, x.shape[-1])
        chosen = weights.reshape(-1, weights.shape[-1])
        out = torch.zeros_like(flat)
        for index, expert in enumerate(self.experts):
            rows = torch.nonzero(chosen[:, index] != 0).squeeze(1)
            weight = chosen.index_select(0, rows)[:, index:index + 1].to(x.dtype)
            routed = weight * expert(flat.index_select(0, rows))
            out = out.index_put((rows,), out.index_select(0, rows) + routed)
        return out.reshape(x.shape)


def set_moe_compute(module: nn.Module, compute: str) -> None:
    """Sets :attr:`MoEFeedForward.compute` (``"dense"`` or ``"sparse"``) on every MoE layer of ``module``."""
    if compute not in (MoEFeedForward.DENSE, MoEFeedForward.SPARSE):
        raise ValueError(f"MoE compute must be dense or sparse, not {compute!r}")
    for sub in module.modules():
        if isinstance(sub, MoEFeedForward):
            sub.compute = compute


class DecoderLayer(nn.Module):
    def __init__(self, cfg: DecoderConfig, moe: Optional[MoEConfig]) -> None:
        super().__init__()
        self.parallel = cfg.variant == PHI2
        self.input_layernorm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)
        if not self.parallel:
            self.post_attention_layernorm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)
        self.self_attn = Attention(cfg)
        self.is_moe = moe is not None
        self.mlp = MoEFeedForward(cfg, moe) if moe is not None else make_mlp(cfg)

    def _ffn(self, x: torch.Tensor) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
        if self.is_moe:
            return self.mlp(x)
        return self.mlp(x), None

    def forward(self, x: torch.Tensor, rope, mask: torch.Tensor, past: KeyValue):
        normed = self.input_layernorm(x)
        attn, present = self.self_attn(normed, rope, mask, past)
        if self.parallel:
            ffn, router_logits = self._ffn(normed)
            return x + attn + ffn, present, router_logits
        h = x + attn
        ffn, router_logits = self._ffn(self.post_attention_layernorm(h))
        return h + ffn, present, router_logits


class Decoder(nn.Module):
    """Decoder layers, final LayerNorm and LM head, over ``inputs_embeds`` (embedding is separate
    so that image features can be spliced in)."""

    def __init__(self, cfg: DecoderConfig, moe: MoEConfig) -> None:
        super().__init__()
        self.cfg = cfg
        moe_layers = set(moe.layers)
        self.rotary = Rotary(cfg.rotary_dim, cfg.rope_theta)
        self.layers = nn.ModuleList(
            DecoderLayer(cfg, moe if i in moe_layers else None) for i in range(cfg.num_layers))
        self.final_layernorm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)
        self.lm_head = nn.Linear(cfg.hidden_size, cfg.vocab_size, bias=cfg.lm_head_bias)

    def empty_past(self, batch: int, dtype: torch.dtype = torch.float32,
                   device: Optional[torch.device] = None) -> List[KeyValue]:
        shape = (batch, self.cfg.num_heads, 0, self.cfg.head_dim)
        return [(torch.zeros(shape, dtype=dtype, device=device), torch.zeros(shape, dtype=dtype, device=device))
                for _ in range(self.cfg.num_layers)]

    def forward(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor, position_ids: torch.Tensor,
                past: Optional[Sequence[KeyValue]] = None
                ) -> Tuple[torch.Tensor, List[KeyValue], List[torch.Tensor]]:
        """Returns ``(logits [B,T,V], presents, router_logits per MoE layer [B,T,E])``."""
        if past is None:
            past = self.empty_past(inputs_embeds.shape[0], inputs_embeds.dtype, inputs_embeds.device)
        mask = attention_bias_mask(attention_mask, inputs_embeds.shape[1])
        rope = self.rotary(position_ids)
        x = inputs_embeds
        presents: List[KeyValue] = []
        router_logits: List[torch.Tensor] = []
        for layer, layer_past in zip(self.layers, past):
            x, present, logits = layer(x, rope, mask, layer_past)
            presents.append(present)
            if logits is not None:
                router_logits.append(logits)
        logits = self.lm_head(self.final_layernorm(x))
        return logits.float(), presents, router_logits
