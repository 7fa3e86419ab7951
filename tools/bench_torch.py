#!/usr/bin/python3
"""PyTorch eager timings of a model directory, as the baseline for the Java benchmark.

Usage::

    /usr/bin/python3 tools/bench_torch.py --model DIR [--threads N] [--batch B] [--new-tokens 16]
        [--repeats 3] [--question "Is there an abnormality?"] [--moe-compute sparse|dense]
        [--questions Q [--shared-prefix]]

Loads ``reference_config.json`` + ``reference_state.pt`` from ``DIR`` and measures, for a batch of
``B`` random images with the manifest's prompt: the vision encoder, the prefill of the whole
prompt (text + image tokens), and greedy decoding with the KV cache (per token, forced to run
``--new-tokens`` steps without stopping at EOS). Prints JSON: milliseconds as the median over the
repeats, after one warm-up, and ``answersPerSecond`` = B / (vision + prefill + new_tokens x decode).
``--moe-compute`` picks how the MoE layers run: ``sparse`` (default, as the exporter writes the
graphs and as the released DeepSpeed MoE dispatches tokens: each expert only on the tokens routed
to it) or ``dense`` (every expert on every token, then the routed weighting).

``--questions Q`` asks ``Q`` questions of each image (``B x Q`` answers a run): by default each
question runs from scratch, its image encoded and its whole prompt prefilled, as the reference code
answers a question; with ``--shared-prefix`` each image is encoded and its prompt prefix (up to and
including the image) prefilled once, and each question runs only its text after a copy of that
prefix's KV cache, as the Java service does. ``answersPerSecond`` then counts all ``B x Q`` answers.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from typing import Dict, List, Sequence, Tuple

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from medmoe_ref.decoder import set_moe_compute  # noqa: E402
from medmoe_ref.generation import prompt_chunks  # noqa: E402
from medmoe_ref.model import MedMoE, load_model  # noqa: E402
from medmoe_ref.tokenizer import Tokenizer  # noqa: E402


def greedy(model: MedMoE, logits: torch.Tensor, past, mask: torch.Tensor, length: int, new_tokens: int
           ) -> torch.Tensor:
    """Greedy tokens ``[B, 1 + new_tokens]`` after a prefill of ``length`` positions (no EOS stop)."""
    batch = logits.shape[0]
    token = logits[:, -1].argmax(-1, keepdim=True)
    tokens = [token]
    for step in range(new_tokens):
        mask = torch.cat([mask, torch.ones(batch, 1, dtype=torch.long)], dim=1)
        positions = torch.full((batch, 1), length + step, dtype=torch.long)
        logits, past, _ = model.decode(model.embed(token), mask, positions, past)
        token = logits[:, -1].argmax(-1, keepdim=True)
        tokens.append(token)
    return torch.cat(tokens, dim=1)


@torch.no_grad()
def one_run(model: MedMoE, pixels: torch.Tensor, first: List[int], second: List[int], new_tokens: int
            ) -> Tuple[Dict[str, float], torch.Tensor, torch.Tensor]:
    """Timings of one batch, its greedy tokens ``[B, 1 + new_tokens]`` and its prefill's last logits."""
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
    tokens = greedy(model, logits, past, mask, length, new_tokens)
    t3 = time.perf_counter()
    return {"vision": (t1 - t0) * 1e3, "prefill": (t2 - t1) * 1e3,
            "decodePerToken": (t3 - t2) * 1e3 / max(1, new_tokens)}, tokens, logits[:, -1]


@torch.no_grad()
def shared_run(model: MedMoE, pixels: torch.Tensor, first: List[int], second: List[int], questions: int,
               new_tokens: int) -> Tuple[Dict[str, float], torch.Tensor, torch.Tensor]:
    """Each image's prefix once, then ``questions`` rows per image continue from a copy of its cache.
    Timings, the greedy tokens ``[B x Q, 1 + new_tokens]`` (rows of one image together) and the
    prefill's last logits."""
    images = pixels.shape[0]
    rows = images * questions
    t0 = time.perf_counter()
    features = model.encode_images(pixels)
    t1 = time.perf_counter()
    prefix = torch.cat([model.embed(torch.tensor([first] * images)), features], dim=1)
    plen = prefix.shape[1]
    _, past, _ = model.decode(prefix, torch.ones(images, plen, dtype=torch.long),
                              torch.arange(plen).unsqueeze(0).expand(images, -1))
    past = [(k.repeat_interleave(questions, 0), v.repeat_interleave(questions, 0)) for k, v in past]
    length = plen + len(second)
    mask = torch.ones(rows, length, dtype=torch.long)
    logits, past, _ = model.decode(model.embed(torch.tensor([second] * rows)), mask,
                                   torch.arange(plen, length).unsqueeze(0).expand(rows, -1), past)
    t2 = time.perf_counter()
    tokens = greedy(model, logits, past, mask, length, new_tokens)
    t3 = time.perf_counter()
    return {"vision": (t1 - t0) * 1e3, "prefill": (t2 - t1) * 1e3,
            "decodePerToken": (t3 - t2) * 1e3 / max(1, new_tokens)}, tokens, logits[:, -1]


def main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(description="PyTorch eager baseline timings")
    p.add_argument("--model", required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--new-tokens", type=int, default=16)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--question", default="Is there an abnormality?")
    p.add_argument("--moe-compute", choices=["sparse", "dense"], default="sparse")
    p.add_argument("--questions", type=int, default=1, help="questions per image (default 1)")
    p.add_argument("--shared-prefix", action="store_true",
                   help="encode and prefill each image's prompt prefix once for all its questions")
    args = p.parse_args(argv)
    if args.questions < 1:
        p.error("--questions must be at least 1")
    torch.set_num_threads(args.threads)

    model = load_model(os.path.join(args.model, "reference_config.json"),
                       os.path.join(args.model, "reference_state.pt"))
    set_moe_compute(model, args.moe_compute)
    tokenizer = Tokenizer(os.path.join(args.model, "tokenizer.json"))
    first, second = prompt_chunks(model.cfg, tokenizer, args.question)
    size = model.cfg.vision.image_size
    pixels = torch.randn(args.batch, 3, size, size, generator=torch.Generator().manual_seed(0))
    if args.shared_prefix:
        def run(steps: int) -> Dict[str, float]:
            return shared_run(model, pixels, first, second, args.questions, steps)[0]
    else:
        every = pixels.repeat_interleave(args.questions, 0)

        def run(steps: int) -> Dict[str, float]:
            return one_run(model, every, first, second, steps)[0]
    run(min(2, args.new_tokens))  # warm-up
    runs = [run(args.new_tokens) for _ in range(args.repeats)]
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    total_ms = med["vision"] + med["prefill"] + args.new_tokens * med["decodePerToken"]
    answers = args.batch * args.questions
    result = {
        "engine": f"pytorch-eager-{torch.__version__}",
        "model": model.cfg.name,
        "moeCompute": args.moe_compute,
        "threads": args.threads,
        "batch": args.batch,
        "questions": args.questions,
        "sharedPrefix": args.shared_prefix,
        "promptTokens": len(first) + model.cfg.vision.num_patches + len(second),
        "newTokens": args.new_tokens,
        "repeats": args.repeats,
        "visionMs": round(med["vision"], 3),
        "prefillMs": round(med["prefill"], 3),
        "decodePerTokenMs": round(med["decodePerToken"], 3),
        "answersPerSecond": round(answers / (total_ms / 1e3), 4),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
