#!/usr/bin/python3
"""Writes a tiny random checkpoint in the released Med-MoE layout, for loader round-trip tests.

Usage::

    /usr/bin/python3 tools/make_synthetic_checkpoint.py --out DIR [--variant phi2|stablelm]
        [--seed 7] [--dtype bf16|f32] [--shards 2] [--reference-dir REF]

The directory gets a Hugging Face style ``config.json`` (``model_type`` ``moe_llava_phi`` or
``moe_llava_stablelm``, the ``moe`` block with ``moe_layers_idx``/``num_experts``/
``top_k_experts``, ``mm_vision_select_layer``, a ``vision_config``), the weights under the
MoE-LLaVA key names (see ``tools/checkpoint.py``) in sharded ``.safetensors`` files with
``model.safetensors.index.json``, a ``tokenizer.json``, and the CLIP tensors the reference never
uses (``post_layernorm``), which a loader must ignore. With ``bf16`` the random weights are
rounded to bfloat16 first, so the float32 reference built from them is exactly what the
checkpoint holds. ``--reference-dir`` also writes that reference (``reference_state.pt``,
``reference_config.json``) for comparison.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Dict, Sequence

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checkpoint import PROJECTOR_PREFIXES, VISION_PREFIXES, checkpoint_key  # noqa: E402
from medmoe_ref import synthetic  # noqa: E402
from medmoe_ref.config import PHI2, STABLELM, ModelConfig, tiny_config  # noqa: E402
from medmoe_ref.model import MedMoE  # noqa: E402
from medmoe_ref.onnx_export import save_reference  # noqa: E402
from medmoe_ref.tokenizer import word_level_tokenizer_json  # noqa: E402


def round_to_bf16(t: torch.Tensor) -> torch.Tensor:
    return t.to(torch.bfloat16).to(torch.float32)


def write_safetensors(path: str, tensors: Dict[str, torch.Tensor], dtype: str) -> None:
    """Writes ``tensors`` as one safetensors file, floats stored as ``dtype`` (BF16 or F32)."""
    header, blobs, offset = {}, [], 0
    for key in sorted(tensors):
        t = tensors[key].detach().contiguous()
        if dtype == "BF16":
            raw = (t.float().numpy().view(np.uint32) >> 16).astype("<u2").tobytes()
        else:
            raw = t.float().numpy().astype("<f4").tobytes()
        header[key] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(len(encoded).to_bytes(8, "little"))
        out.write(encoded)
        for raw in blobs:
            out.write(raw)


def hf_config(cfg: ModelConfig) -> dict:
    d, v = cfg.decoder, cfg.vision
    phi = cfg.variant == PHI2
    config = {
        "architectures": ["MoELLaVAPhiForCausalLM" if phi else "MoELLaVAStablelmForCausalLM"],
        "model_type": "moe_llava_phi" if phi else "moe_llava_stablelm",
        "hidden_size": d.hidden_size,
        "num_hidden_layers": d.num_layers,
        "num_attention_heads": d.num_heads,
        "intermediate_size": d.intermediate_size,
        "vocab_size": d.vocab_size,
        "max_position_embeddings": d.max_positions,
        "eos_token_id": cfg.prompt.eos_token_id,
        "mm_vision_select_layer": v.select_layer,
        "mm_vision_select_feature": "patch",
        "mm_hidden_size": v.hidden_size,
        "image_projector_type": "mlp2x_gelu",
        "image_aspect_ratio": "pad",
        "mm_image_tower": "openai/clip-vit-large-patch14-336",
        "vision_config": {"hidden_size": v.hidden_size, "num_attention_heads": v.num_heads,
                          "num_hidden_layers": v.num_layers, "intermediate_size": v.intermediate_size,
                          "image_size": v.image_size, "patch_size": v.patch_size,
                          "layer_norm_eps": v.layer_norm_eps},
        "moe": {"moe_enable": True, "moe_mode": "sparse", "moe_layers_idx": list(cfg.moe.layers),
                "ep_size": 1, "top_k_experts": cfg.moe.top_k,
                "num_experts": [cfg.moe.num_experts] * len(cfg.moe.layers), "capacity_factor": 1.5,
                "eval_capacity_factor": 2.0, "min_capacity": 0, "use_residual": False,
                "router_aux_loss_coef": 0.01},
    }
    if phi:
        config.update({"partial_rotary_factor": d.rotary_dim / d.head_dim, "rope_theta": d.rope_theta,
                       "layer_norm_eps": d.layer_norm_eps, "hidden_act": "gelu_new"})
    else:
        config.update({"rope_pct": d.rotary_dim / d.head_dim, "rotary_emb_base": d.rope_theta,
                       "norm_eps": d.layer_norm_eps, "use_qkv_bias": d.qkv_bias, "hidden_act": "silu"})
    return config


def synthetic_model(variant: str, seed: int, bf16: bool) -> MedMoE:
    vocab = synthetic.vocabulary()
    cfg = tiny_config(variant, vocab_size=len(vocab), eos_token_id=0, name=f"synthetic-{variant}")
    cfg.image.fit = "pad"  # what image_aspect_ratio "pad" in the written config.json means
    model = MedMoE.init_weights(MedMoE(cfg), seed, std=0.05)
    gen = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():  # non-trivial biases and norms, so a mix-up of names shows
        for name, param in model.named_parameters():
            if name.endswith("bias") or "layernorm" in name or "layer_norm" in name:
                param.add_(torch.randn(param.shape, generator=gen) * 0.05)
            if bf16:
                param.copy_(round_to_bf16(param))
    return model.eval()


def write_checkpoint(model: MedMoE, out: str, dtype: str = "BF16", shards: int = 2) -> None:
    cfg = model.cfg
    os.makedirs(out, exist_ok=True)
    tensors: Dict[str, torch.Tensor] = {}
    vision_prefix, projector_prefix = VISION_PREFIXES[0], PROJECTOR_PREFIXES[0]
    for name, value in model.state_dict().items():
        key = checkpoint_key(cfg, name, vision_prefix, projector_prefix)
        tensors[key] = value
    hidden = cfg.vision.hidden_size
    tensors[vision_prefix + "post_layernorm.weight"] = torch.ones(hidden)
    tensors[vision_prefix + "post_layernorm.bias"] = torch.zeros(hidden)
    tensors[vision_prefix + "embeddings.position_ids"] = torch.arange(cfg.vision.num_patches + 1).float()
    keys = sorted(tensors)
    weight_map = {}
    for index in range(shards):
        name = f"model-{index + 1:05d}-of-{shards:05d}.safetensors"
        part = {k: tensors[k] for k in keys[index::shards]}
        write_safetensors(os.path.join(out, name), part, dtype)
        weight_map.update({k: name for k in part})
    with open(os.path.join(out, "model.safetensors.index.json"), "w", encoding="utf-8") as f:
        json.dump({"metadata": {"total_size": sum(t.numel() * (2 if dtype == "BF16" else 4)
                                                  for t in tensors.values())},
                   "weight_map": weight_map}, f, indent=2)
    with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(hf_config(cfg), f, indent=2)
    vocab = synthetic.vocabulary()
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(word_level_tokenizer_json(vocab, synthetic.UNK_TOKEN, [synthetic.EOS_TOKEN, synthetic.UNK_TOKEN]),
                  f, indent=1)


def main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(description="Tiny random checkpoint in the Med-MoE release layout")
    p.add_argument("--out", required=True)
    p.add_argument("--variant", default=PHI2, choices=[PHI2, STABLELM])
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--dtype", default="bf16", choices=["bf16", "f32"])
    p.add_argument("--shards", type=int, default=2)
    p.add_argument("--reference-dir", help="also write the equivalent reference model here")
    args = p.parse_args(argv)
    model = synthetic_model(args.variant, args.seed, args.dtype == "bf16")
    write_checkpoint(model, args.out, "BF16" if args.dtype == "bf16" else "F32", args.shards)
    if args.reference_dir:
        os.makedirs(args.reference_dir, exist_ok=True)
        save_reference(model, args.reference_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
