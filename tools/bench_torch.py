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

``--prompt-set FILE`` measures one study instead: one image and the questions of a prompt set
(a JSON list of ``{"text": ..., "candidates": [...]}`` for closed questions and
``{"text": ..., "maxNewTokens": N}`` for open ones). Without ``--shared-prefix`` each question is
answered as the reference code answers it (``medmoe_ref.generation``: image encoded and prompt
prefilled per question, each candidate scored after the prompt, greedy decoding to the cap); with it,
the image and its prompt prefix run once and the questions continue a copy of the prefix's cache,
as the Java service does. Prints ``studyMs`` (median) and the process's peak resident memory.
``--checkpoint DIR`` loads a checkpoint in the released layout (``tools/checkpoint.py``) instead of a
model directory's reference files.

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

import numpy as np
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


def _rows_after_prefix(model: MedMoE, past, plen: int, rows: List[List[int]]):
    """One decoder run of token rows (right-padded) that each continue a copy of a one-row prefix cache."""
    width = max(len(r) for r in rows)
    ids = torch.tensor([r + [0] * (width - len(r)) for r in rows])
    own = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
    mask = torch.cat([torch.ones(len(rows), plen, dtype=torch.long), own], dim=1)
    positions = torch.arange(plen, plen + width).unsqueeze(0).expand(len(rows), -1)
    repeated = [(k.expand(len(rows), -1, -1, -1).contiguous(), v.expand(len(rows), -1, -1, -1).contiguous())
                for k, v in past]
    logits, new_past, _ = model.decode(model.embed(ids), mask, positions, repeated)
    return logits, new_past, mask


@torch.no_grad()
def study(model: MedMoE, tokenizer: Tokenizer, pixels: torch.Tensor, questions: List[dict], shared: bool) -> float:
    """Milliseconds to answer a prompt set about one image (fixed decoding steps: EOS never stops)."""
    from medmoe_ref.generation import candidate_log_likelihoods, greedy_generate, prompt_embeddings

    cfg = model.cfg
    started = time.perf_counter()
    if not shared:
        for q in questions:
            first, second = prompt_chunks(cfg, tokenizer, q["text"])
            embeds = prompt_embeddings(model, model.encode_images(pixels), first, second)
            if q.get("candidates"):
                candidate_log_likelihoods(model, cfg, tokenizer, embeds, q["candidates"])
            else:
                greedy_generate(model, embeds, int(q["maxNewTokens"]), eos_token_id=-1)
        return (time.perf_counter() - started) * 1e3
    first, _ = prompt_chunks(cfg, tokenizer, questions[0]["text"])
    prefix = torch.cat([model.embed(torch.tensor([first])), model.encode_images(pixels)], dim=1)
    plen = prefix.shape[1]
    _, past, _ = model.decode(prefix, torch.ones(1, plen, dtype=torch.long), torch.arange(plen).unsqueeze(0))
    closed_rows, open_rows, caps = [], [], []
    for q in questions:
        second = prompt_chunks(cfg, tokenizer, q["text"])[1]
        if q.get("candidates"):
            for c in q["candidates"]:
                ids = tokenizer.encode(cfg.prompt.answer_prefix + c) + [cfg.prompt.eos_token_id]
                closed_rows.append(second + ids[:-1])
        else:
            open_rows.append(second)
            caps.append(int(q["maxNewTokens"]))
    if closed_rows:
        _rows_after_prefix(model, past, plen, closed_rows)
    if open_rows:
        logits, own_past, mask = _rows_after_prefix(model, past, plen, open_rows)
        lengths = [plen + len(r) for r in open_rows]
        token = torch.stack([logits[i, len(r) - 1].argmax() for i, r in enumerate(open_rows)]).unsqueeze(1)
        for step in range(max(caps) - 1):
            mask = torch.cat([mask, torch.ones(len(open_rows), 1, dtype=torch.long)], dim=1)
            positions = torch.tensor([[n + step] for n in lengths])
            logits, own_past, _ = model.decode(model.embed(token), mask, positions, own_past)
            token = logits[:, -1].argmax(-1, keepdim=True)
    return (time.perf_counter() - started) * 1e3


@torch.no_grad()
def decode_per_token(model: MedMoE, tokenizer: Tokenizer, pixels: torch.Tensor, question: str, steps: int) -> float:
    """Milliseconds per greedy decoding step of one row after its prompt (median of ``steps``)."""
    first, second = prompt_chunks(model.cfg, tokenizer, question)
    embeds = torch.cat([model.embed(torch.tensor([first])), model.encode_images(pixels),
                        model.embed(torch.tensor([second]))], dim=1)
    length = embeds.shape[1]
    mask = torch.ones(1, length, dtype=torch.long)
    logits, past, _ = model.decode(embeds, mask, torch.arange(length).unsqueeze(0))
    token = logits[:, -1].argmax(-1, keepdim=True)
    times = []
    for step in range(steps):
        mask = torch.cat([mask, torch.ones(1, 1, dtype=torch.long)], dim=1)
        t0 = time.perf_counter()
        logits, past, _ = model.decode(model.embed(token), mask, torch.tensor([[length + step]]), past)
        token = logits[:, -1].argmax(-1, keepdim=True)
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


@torch.no_grad()
def write_prompt_logits(model: MedMoE, tokenizer: Tokenizer, pixels: torch.Tensor, questions: List[dict],
                        path: str) -> None:
    """The reference's logits after the prompt of the first open question (else the first question)."""
    from medmoe_ref.generation import prompt_embeddings

    question = next((q for q in questions if not q.get("candidates")), questions[0])
    first, second = prompt_chunks(model.cfg, tokenizer, question["text"])
    embeds = prompt_embeddings(model, model.encode_images(pixels), first, second)
    length = embeds.shape[1]
    logits, _, _ = model.decode(embeds, torch.ones(1, length, dtype=torch.long), torch.arange(length).unsqueeze(0))
    logits[0, -1].numpy().astype("<f4").tofile(path)


def study_main(args, model: MedMoE, tokenizer: Tokenizer, loaded_s: float) -> int:
    from medmoe_ref.onnx_export import peak_rss_bytes

    with open(args.prompt_set, encoding="utf-8") as src:
        questions = json.load(src)
    size = model.cfg.vision.image_size
    if args.pixels:
        pixels = torch.from_numpy(np.fromfile(args.pixels, dtype="<f4").reshape(1, 3, size, size).copy())
    else:
        pixels = torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(0))
    if args.logits_out:
        write_prompt_logits(model, tokenizer, pixels, questions, args.logits_out)
    for _ in range(args.warmup):
        study(model, tokenizer, pixels, questions, args.shared_prefix)
    runs = [study(model, tokenizer, pixels, questions, args.shared_prefix) for _ in range(args.repeats)]
    decode = decode_per_token(model, tokenizer, pixels, questions[0]["text"], 16) if args.shared_prefix else None
    print(json.dumps({
        "engine": f"pytorch-eager-{torch.__version__}", "model": model.cfg.name, "threads": args.threads,
        "sharedPrefix": args.shared_prefix, "questions": len(questions), "repeats": args.repeats,
        "studyMs": round(statistics.median(runs), 1), "runsMs": [round(r, 1) for r in runs],
        "loadSeconds": round(loaded_s, 1),
        **({"decodePerTokenMs": round(decode, 1)} if decode is not None else {}),
        "peakRssBytes": peak_rss_bytes()}, indent=2))
    return 0


def main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(description="PyTorch eager baseline timings")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", help="model directory with reference_config.json + reference_state.pt")
    source.add_argument("--checkpoint", help="checkpoint directory in the released layout")
    p.add_argument("--prompt-set", help="JSON list of questions: time one study (see the module doc)")
    p.add_argument("--warmup", type=int, default=1, help="unmeasured runs before the measured ones (default 1)")
    p.add_argument("--pixels", help="study: the image, raw little-endian float32 [3,S,S] (default: seeded noise)")
    p.add_argument("--logits-out", help="study: write the logits after the first open question's prompt here "
                                        "(raw little-endian float32), for a comparison with another runtime")
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

    started = time.time()
    if args.checkpoint:
        from checkpoint import load_checkpoint

        model = load_checkpoint(args.checkpoint)
        tokenizer = Tokenizer(args.checkpoint)
    else:
        model = load_model(os.path.join(args.model, "reference_config.json"),
                           os.path.join(args.model, "reference_state.pt"))
        tokenizer = Tokenizer(args.model)
    set_moe_compute(model, args.moe_compute)
    if args.prompt_set:
        return study_main(args, model, tokenizer, time.time() - started)
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
