#!/usr/bin/python3
"""PyTorch eager timings of a model directory, as the baseline for the Java benchmark.

Usage::

    /usr/bin/python3 tools/bench_torch.py --model DIR [--threads N] [--batch B] [--new-tokens 16]
        [--repeats 3] [--question "Is there an abnormality?"] [--moe-compute sparse|dense]

Loads ``reference_config.json`` + ``reference_state.pt`` from ``DIR`` and measures, for a batch of
``B`` random images with the manifest's prompt: the vision encoder, the prefill of the whole
prompt (text + image tokens), and greedy decoding with the KV cache (per token, forced to run
``--new-tokens`` steps without stopping at EOS). Prints JSON: milliseconds as the median over the
repeats, after one warm-up, and ``answersPerSecond`` = B / (vision + prefill + new_tokens x decode).
``--moe-compute`` picks how the MoE layers run: ``sparse`` (default, as the exporter writes the
graphs and as the released DeepSpeed MoE dispatches tokens: each expert only on the tokens routed
to it) or ``dense`` (every expert on every token, then the routed weighting).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from typing import Dict, List, Sequence

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from medmoe_ref.decoder import set_moe_compute  # noqa: E402
from medmoe_ref.generation import prompt_chunks  # noqa: E402
from medmoe_ref.model import MedMoE, load_model  # noqa: E402
from medmoe_ref.tokenizer import Tokenizer  # noqa: E402


@torch.no_grad()
def one_run(model: MedMoE, pixels: torch.Tensor, first: List[int], second: List[int], new_tokens: int
            ) -> Dict[str, float]:
    batch = pixels.shape[0]
    t0 = time.perf_counter()
    features = model.encode_images(pixels)
    t1 = time.perf_counter()
    embeds = torch.cat([model.embed(torch.tensor([first] * batch)), features,
                        model.embed(torch.tensor([second] * batch))], dim=1)
    length = embeds.shape[1]
    mask = torch.ones(batch, length, dtype=torch.long)
    logits, past, _ = model.decode(embeds, mask, torch.arange(length).unsqueeze(0).expand(batch, -1))
    t2 = time.perf_counter()
    token = logits[:, -1].argmax(-1, keepdim=True)
    for step in range(new_tokens):
        mask = torch.cat([mask, torch.ones(batch, 1, dtype=torch.long)], dim=1)
        positions = torch.full((batch, 1), length + step, dtype=torch.long)
        logits, past, _ = model.decode(model.embed(token), mask, positions, past)
        token = logits[:, -1].argmax(-1, keepdim=True)
    t3 = time.perf_counter()
    return {"vision": (t1 - t0) * 1e3, "prefill": (t2 - t1) * 1e3,
            "decodePerToken": (t3 - t2) * 1e3 / max(1, new_tokens)}


def main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(description="PyTorch eager baseline timings")
    p.add_argument("--model", required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--new-tokens", type=int, default=16)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--question", default="Is there an abnormality?")
    p.add_argument("--moe-compute", choices=["sparse", "dense"], default="sparse")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)

    model = load_model(os.path.join(args.model, "reference_config.json"),
                       os.path.join(args.model, "reference_state.pt"))
    set_moe_compute(model, args.moe_compute)
    tokenizer = Tokenizer(os.path.join(args.model, "tokenizer.json"))
    first, second = prompt_chunks(model.cfg, tokenizer, args.question)
    size = model.cfg.vision.image_size
    pixels = torch.randn(args.batch, 3, size, size, generator=torch.Generator().manual_seed(0))
    one_run(model, pixels, first, second, min(2, args.new_tokens))  # warm-up
    runs = [one_run(model, pixels, first, second, args.new_tokens) for _ in range(args.repeats)]
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    total_ms = med["vision"] + med["prefill"] + args.new_tokens * med["decodePerToken"]
    result = {
        "engine": f"pytorch-eager-{torch.__version__}",
        "model": model.cfg.name,
        "moeCompute": args.moe_compute,
        "threads": args.threads,
        "batch": args.batch,
        "promptTokens": len(first) + model.cfg.vision.num_patches + len(second),
        "newTokens": args.new_tokens,
        "repeats": args.repeats,
        "visionMs": round(med["vision"], 3),
        "prefillMs": round(med["prefill"], 3),
        "decodePerTokenMs": round(med["decodePerToken"], 3),
        "answersPerSecond": round(args.batch / (total_ms / 1e3), 4),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
