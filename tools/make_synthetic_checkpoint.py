#!/usr/bin/python3
"""Writes a random checkpoint laid out as the released Med-MoE checkpoints are.

Usage::

    /usr/bin/python3 tools/make_synthetic_checkpoint.py --out DIR [--variant phi2|stablelm]
        [--dims tiny|released] [--seed 7] [--dtype bf16|f32] [--max-shard-mb 2000] [--shards N]
        [--bin | --no-safetensors] [--use-residual] [--top-k 1|2] [--vocab N] [--tokenizer wordlevel|DIR]
        [--router-file phi_router.pth] [--reference-dir REF]

The names, shapes and stored dtypes come from ``tools/checkpoint-layouts/<variant>.tsv`` (the
release's state dict as written down from the reference code), never from the loader's mapping, so
a disagreement between ``tools/checkpoint.py`` and the release fails the tests. What the directory
gets, as released:

* sharded ``model-0000k-of-0000n.safetensors`` with ``model.safetensors.index.json`` (bf16
  weights, the routers in float32), and with ``--bin`` a duplicate ``pytorch_model.bin`` (where
  the residual MoE's ``mlp.mlp.*`` share storage with ``mlp.meta_moe.*``, as the one module they
  are; safetensors keep only ``meta_moe``);
* the reference code's ``config.json``: ``model_type`` ``moe_llava_phi`` / ``moe_llava_stablelm``,
  the ``moe`` block (``moe_layers_idx``, ``num_experts``, ``top_k_experts``, ``use_residual``),
  ``image_projector_type``, ``mm_*`` keys and no ``vision_config``; Phi2's ``eos_token_id`` and
  ``bos_token_id`` are null (the end-of-text id comes from the tokenizer);
* the embedding and LM head padded beyond the tokenizer (``--vocab``; by default the released
  vocabulary at ``--dims released``, else the next multiple of 64 at least 64 rows beyond the
  tokenizer);
* tokenizer files: a WordLevel ``tokenizer.json`` over the fixtures' words, or the files of a
  tokenizer directory (``--tokenizer DIR``: slow BPE or tiktoken files, copied).

Tensors are generated and written one at a time (``--dims released`` writes 7-13 GB without
holding more than one tensor). Values are seeded per tensor name: normal weights, LayerNorm scales
near 1, small non-zero biases, so a mix-up of two names shows. ``--router-file`` puts a released
router into every MoE layer (at the released widths). ``--reference-dir`` also writes the float32
reference model built from the written checkpoint by the loader.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import zlib
from typing import Dict, List, Sequence, Tuple

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from medmoe_ref import layout, synthetic  # noqa: E402
from medmoe_ref.config import PHI2, STABLELM  # noqa: E402
from medmoe_ref.tokenizer import word_level_tokenizer_json  # noqa: E402
from medmoe_ref.weights import TorchBinFile  # noqa: E402

TINY = {"hidden": 64, "inter": 128, "layers": 4, "heads": 4, "vhidden": 64, "vinter": 128, "vlayers": 3, "vheads": 4,
        "patch": 8, "image_size": 64}
RELEASED_HEADS = {PHI2: 32, STABLELM: 32}


def dims_for(variant: str, size: str, vocab: int, layers: int = 0) -> layout.Dims:
    if size == "released":
        r = layout.RELEASED[variant]
        changes = {"vocab": vocab}
        if layers:
            changes.update(layers=layers, moe_layers=tuple(range(0, layers, 2)))
        return layout.Dims(**{**r.__dict__, **changes})
    return layout.Dims(hidden=TINY["hidden"], inter=TINY["inter"], vocab=vocab, layers=TINY["layers"],
                       moe_layers=tuple(range(0, TINY["layers"], 2)), experts=4, vhidden=TINY["vhidden"],
                       vinter=TINY["vinter"], vlayers=TINY["vlayers"], patch=TINY["patch"], image_size=TINY["image_size"])


def padded_vocab(tokenizer_size: int) -> int:
    return -(-(tokenizer_size + 64) // 64) * 64


def to_bf16_bits(values: np.ndarray) -> np.ndarray:
    """float32 -> bfloat16 bit patterns, rounding to nearest even (as torch does)."""
    bits = values.astype(np.float32).view(np.uint32)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)


class ValueMaker:
    """Deterministic random values per tensor name."""

    def __init__(self, seed: int, std: float, routers: Dict[str, np.ndarray]) -> None:
        self.seed = seed
        self.std = std
        self.routers = routers

    def make(self, row: layout.Row) -> np.ndarray:
        if ".deepspeed_moe.gate.wg." in row.name and self.routers:
            value = self.routers["weight" if row.name.endswith("weight") else "bias"]
            if tuple(value.shape) != row.shape:
                raise ValueError(f"the router file's {value.shape} does not fit {row.name} {row.shape}")
            return value
        rng = np.random.default_rng([self.seed, zlib.crc32(row.name.encode())])
        count = int(np.prod(row.shape))
        leaf = row.name.rsplit(".", 1)[-1]
        norm = any(k in row.name for k in ("layernorm", "layer_norm", "pre_layrnorm", "final_layernorm", "model.norm."))
        if norm and leaf == "weight":
            values = 1.0 + rng.standard_normal(count, dtype=np.float32) * 0.05
        elif leaf == "bias" or leaf == "class_embedding":
            values = rng.standard_normal(count, dtype=np.float32) * 0.05
        elif ".deepspeed_moe.gate.wg." in row.name:
            values = rng.standard_normal(count, dtype=np.float32) * 0.5  # a visible routing spread
        else:
            values = rng.standard_normal(count, dtype=np.float32) * self.std
        return values.reshape(row.shape)


def encode(values: np.ndarray, dtype: str) -> bytes:
    if dtype == "BF16":
        return to_bf16_bits(values).astype("<u2").tobytes()
    return values.astype("<f4").tobytes()


def plan_shards(rows: List[layout.Row], stored: Dict[str, str], max_bytes: int, shards: int) -> List[List[layout.Row]]:
    sizes = [int(np.prod(r.shape)) * (2 if stored[r.name] == "BF16" else 4) for r in rows]
    if shards:
        per = -(-len(rows) // shards)
        return [rows[i:i + per] for i in range(0, len(rows), per)]
    out, current, total = [], [], 0
    for row, size in zip(rows, sizes):
        if current and total + size > max_bytes:
            out.append(current)
            current, total = [], 0
        current.append(row)
        total += size
    out.append(current)
    return out


def write_safetensors(out: str, rows: List[layout.Row], stored: Dict[str, str], values: ValueMaker,
                      max_bytes: int, shards: int) -> Dict[str, str]:
    groups = plan_shards(rows, stored, max_bytes, shards)
    weight_map: Dict[str, str] = {}
    total_size = 0
    for index, group in enumerate(groups):
        name = f"model-{index + 1:05d}-of-{len(groups):05d}.safetensors"
        header, offset = {}, 0
        for row in group:
            size = int(np.prod(row.shape)) * (2 if stored[row.name] == "BF16" else 4)
            header[row.name] = {"dtype": stored[row.name], "shape": list(row.shape), "data_offsets": [offset, offset + size]}
            offset += size
        header["__metadata__"] = {"format": "pt"}
        encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
        encoded += b" " * (-len(encoded) % 8)
        with open(os.path.join(out, name), "wb") as f:
            f.write(len(encoded).to_bytes(8, "little"))
            f.write(encoded)
            for row in group:
                f.write(encode(values.make(row), stored[row.name]))
        weight_map.update({row.name: name for row in group})
        total_size += offset
    with open(os.path.join(out, "model.safetensors.index.json"), "w", encoding="utf-8") as f:
        json.dump({"metadata": {"total_size": total_size}, "weight_map": weight_map}, f, indent=2)
    return weight_map


def write_bin(out: str, rows: List[layout.Row], stored: Dict[str, str], values: ValueMaker) -> None:
    """``pytorch_model.bin`` as torch.save writes it; a residual ``mlp.mlp.*`` shares its meta expert's storage."""
    import torch

    state: Dict[str, "torch.Tensor"] = {}
    for row in rows:
        if row.when == layout.USE_RESIDUAL_BIN:
            continue
        value = values.make(row)
        if stored[row.name] == "BF16":
            tensor = torch.from_numpy(to_bf16_bits(value).view(np.int16)).view(torch.bfloat16)
        else:
            tensor = torch.from_numpy(np.ascontiguousarray(value, dtype=np.float32))
        state[row.name] = tensor
    for row in rows:
        if row.when == layout.USE_RESIDUAL_BIN:
            state[row.name] = state[row.name.replace(".mlp.mlp.", ".mlp.meta_moe.")]
    torch.save(state, os.path.join(out, "pytorch_model.bin"))


def hf_config(variant: str, dims: layout.Dims, heads: int, top_k: int, use_residual: bool, eos: int,
              max_positions: int) -> dict:
    phi = variant == PHI2
    config = {
        "architectures": ["MoELLaVAPhiForCausalLM" if phi else "MoELLaVAStablelmForCausalLM"],
        "model_type": "moe_llava_phi" if phi else "moe_llava_stablelm",
        "hidden_size": dims.hidden, "intermediate_size": dims.inter, "num_hidden_layers": dims.layers,
        "num_attention_heads": heads, "num_key_value_heads": heads, "vocab_size": dims.vocab,
        "max_position_embeddings": max_positions, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
        "image_aspect_ratio": "pad", "image_projector_type": "mlp2x_gelu",
        "mm_hidden_size": dims.vhidden, "mm_image_tower": "openai/clip-vit-large-patch14-336",
        "mm_use_im_patch_token": False, "mm_use_im_start_end": False,
        "mm_vision_select_feature": "patch", "mm_vision_select_layer": -2,
        "moe": {"moe_enable": True, "moe_mode": "sparse", "moe_layers_idx": list(dims.moe_layers), "ep_size": 1,
                "top_k_experts": top_k, "num_experts": [dims.experts] * len(dims.moe_layers),
                "capacity_factor": 1.5, "eval_capacity_factor": 2.0, "min_capacity": 0,
                "use_residual": use_residual, "router_aux_loss_coef": 0.01, "train_modules": []},
    }
    if phi:
        config.update({"partial_rotary_factor": 0.4, "rope_theta": 10000.0, "layer_norm_eps": 1e-05,
                       "hidden_act": "gelu_new", "qk_layernorm": False, "rope_scaling": None,
                       "bos_token_id": None, "eos_token_id": None, "resid_pdrop": 0.1, "embd_pdrop": 0.0})
    else:
        config.update({"rope_pct": 0.25, "rope_theta": 10000, "norm_eps": 1e-05, "use_qkv_bias": True,
                       "hidden_act": "silu", "bos_token_id": eos, "eos_token_id": eos})
    return config


def write_tokenizer(out: str, source: str) -> Tuple[int, int]:
    """Writes the tokenizer files; returns (tokenizer size, EOS id)."""
    from checkpoint import tokenizer_eos
    from medmoe_ref import tokenizer_files

    if source == "wordlevel":
        vocab = synthetic.vocabulary()
        with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
            json.dump(word_level_tokenizer_json(vocab, synthetic.UNK_TOKEN, [synthetic.EOS_TOKEN, synthetic.UNK_TOKEN]),
                      f, indent=1)
    else:
        kind, files = tokenizer_files.detect(source)
        for path in files:
            shutil.copyfile(path, os.path.join(out, os.path.basename(path)))
    kind, files = tokenizer_files.detect(out)
    found = tokenizer_eos(out)
    if found is None:
        raise ValueError(f"the tokenizer in {source} names no end-of-text token")
    return tokenizer_files.size(kind, files), found[1]


def main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(description="Random checkpoint in the Med-MoE release layout")
    p.add_argument("--out", required=True)
    p.add_argument("--variant", default=PHI2, choices=[PHI2, STABLELM])
    p.add_argument("--dims", default="tiny", choices=["tiny", "released"])
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--layers", type=int, default=0, help="released widths with fewer decoder layers (MoE every "
                                                           "other layer from 0)")
    p.add_argument("--dtype", default="bf16", choices=["bf16", "f32"])
    p.add_argument("--max-shard-mb", type=int, default=2000, help="largest shard (HF's max_shard_size)")
    p.add_argument("--shards", type=int, default=0, help="split into exactly N shards instead")
    p.add_argument("--bin", action="store_true", help="also write the duplicate pytorch_model.bin")
    p.add_argument("--no-safetensors", action="store_true", help="write pytorch_model.bin only")
    p.add_argument("--use-residual", action="store_true", help="Residual MoE (moe.use_residual: true)")
    p.add_argument("--top-k", type=int, default=1, choices=[1, 2])
    p.add_argument("--vocab", type=int, help="embedding rows (default: the tokenizer's size padded)")
    p.add_argument("--tokenizer", default="wordlevel", help="'wordlevel' or a directory of tokenizer files")
    p.add_argument("--router-file", help="a released router (fc1.weight, fc1.bias) for every MoE layer")
    p.add_argument("--std", type=float, help="standard deviation of the weights (0.05 tiny, 0.02 released)")
    p.add_argument("--reference-dir", help="also write the loader's float32 reference model here")
    args = p.parse_args(argv)

    os.makedirs(args.out, exist_ok=True)
    tokenizer_size, eos = write_tokenizer(args.out, args.tokenizer)
    vocab = args.vocab or (layout.RELEASED[args.variant].vocab if args.dims == "released" else padded_vocab(tokenizer_size))
    if vocab < tokenizer_size:
        p.error(f"--vocab {vocab} is smaller than the tokenizer ({tokenizer_size} ids)")
    dims = dims_for(args.variant, args.dims, vocab, args.layers)
    heads = RELEASED_HEADS[args.variant] if args.dims == "released" else TINY["heads"]
    routers = {}
    if args.router_file:
        released = TorchBinFile(args.router_file)
        routers = {"weight": released.read("fc1.weight"), "bias": released.read("fc1.bias")}
    values = ValueMaker(args.seed, args.std or (0.02 if args.dims == "released" else 0.05), routers)
    file_format = "bin" if args.bin or args.no_safetensors else "safetensors"
    rows = list(layout.expand(args.variant, dims, qkv_bias=True, use_residual=args.use_residual, file_format=file_format))
    stored = {r.name: ("BF16" if args.dtype == "bf16" and r.dtype == "bf16" else "F32") for r in rows}
    if not args.no_safetensors:
        write_safetensors(args.out, [r for r in rows if r.when != layout.USE_RESIDUAL_BIN], stored, values,
                          args.max_shard_mb * 1_000_000, args.shards)
    if args.bin or args.no_safetensors:
        write_bin(args.out, rows, stored, values)
    max_positions = 4096 if args.variant == STABLELM else 2048
    with open(os.path.join(args.out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(hf_config(args.variant, dims, heads, args.top_k, args.use_residual, eos, max_positions), f, indent=2)
    if args.reference_dir:
        from checkpoint import load_checkpoint
        from medmoe_ref.onnx_export import save_reference

        os.makedirs(args.reference_dir, exist_ok=True)
        save_reference(load_checkpoint(args.out), args.reference_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
