#!/usr/bin/python3
"""Generates and exports a random "mid" model: real StableLM width, few layers, real image size.

Usage::

    /usr/bin/python3 tools/make_mid_model.py --out DIR [--layers 2] [--vocab 1024] [--seed 5] [--dtype float32|float16|int8|int4]
        [--external-data] [--moe-compute sparse|dense]

Decoder: hidden 2048, 32 heads x 64, SwiGLU 5632, partial RoPE over 16 dims (stablelm-2-1.6b
widths) with ``--layers`` layers, MoE (4 experts + meta) on every other layer from 0. Vision:
336 px images, 14 px patches, 576 image tokens, a narrow tower (width 256, 3 layers). The
vocabulary is the fixtures' words padded with placeholder tokens. The weights are random
(seeded): the model is for timing and memory, its answers mean nothing. The directory gets the
ONNX split, ``model.json``, ``tokenizer.json`` and the reference files ``tools/bench_torch.py``
loads (about 1 GB for two layers in float32).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Sequence


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from medmoe_ref import synthetic  # noqa: E402
from medmoe_ref.config import (STABLELM, DecoderConfig, ModelConfig, MoEConfig, PromptConfig,  # noqa: E402
                               VisionConfig, every_other_layer)
from medmoe_ref.model import MedMoE  # noqa: E402
from medmoe_ref.onnx_export import export_model  # noqa: E402
from medmoe_ref.onnx_graphs import DTYPES, FLOAT32  # noqa: E402
from medmoe_ref.tokenizer import word_level_tokenizer_json  # noqa: E402


def mid_config(layers: int, vocab_size: int) -> ModelConfig:
    return ModelConfig(
        name=f"medmoe-mid-stablelm-{layers}l", version="1",
        vision=VisionConfig(image_size=336, patch_size=14, hidden_size=256, num_layers=3, num_heads=4,
                            intermediate_size=1024),
        decoder=DecoderConfig(variant=STABLELM, hidden_size=2048, num_layers=layers, num_heads=32, head_dim=64,
                              intermediate_size=5632, vocab_size=vocab_size, max_positions=4096, rotary_dim=16,
                              qkv_bias=True, lm_head_bias=False),
        moe=MoEConfig(layers=every_other_layer(layers), num_experts=4, top_k=1),
        prompt=PromptConfig(eos_token_id=0),
    )


def main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(description="Random mid-size Med-MoE (StableLM width) for benchmarks")
    p.add_argument("--out", required=True)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--vocab", type=int, default=1024)
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--dtype", choices=DTYPES, default=FLOAT32)
    p.add_argument("--external-data", action="store_true", help="force an external-data file for the decoder")
    p.add_argument("--moe-compute", choices=["sparse", "dense"], default="sparse",
                   help="MoE layers of the decoder graph: routed experts only (default) or every expert")
    args = p.parse_args(argv)

    words = synthetic.vocabulary()
    if args.vocab < len(words):
        p.error(f"--vocab must be at least {len(words)}")
    vocab = words + [f"<extra_{i}>" for i in range(args.vocab - len(words))]
    os.makedirs(args.out, exist_ok=True)
    tokenizer = os.path.join(args.out, "tokenizer.json")
    with open(tokenizer, "w", encoding="utf-8") as f:
        json.dump(word_level_tokenizer_json(vocab, synthetic.UNK_TOKEN, [synthetic.EOS_TOKEN, synthetic.UNK_TOKEN]), f)

    started = time.time()
    model = MedMoE.init_weights(MedMoE(mid_config(args.layers, args.vocab)), args.seed).eval()
    doc = export_model(model, tokenizer, args.out, dtype=args.dtype,
                       external_data=True if args.external_data else None, reference_files=True,
                       moe_compute=args.moe_compute)
    sizes = {name: entry["bytes"] for name, entry in doc["files"].items()}
    print(json.dumps({"out": args.out, "seconds": round(time.time() - started, 1), "files": sizes}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
