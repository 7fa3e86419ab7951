#!/usr/bin/python3
"""Parity oracle: runs the PyTorch reference on a list of cases and writes what it computed.

Usage::

    /usr/bin/python3 tools/reference.py --model DIR --cases CASES.json --out OUT.json

``DIR`` is a model directory holding ``reference_config.json`` and ``reference_state.pt`` (and
its tokenizer files: ``tokenizer.json``, the BPE files or a ``*.tiktoken``). ``CASES.json``::

    {"cases": [{"id": "...", "image": "x.png" | "x.bin", "question": "...",
                "maxNewTokens": 4, "candidates": ["yes", "no"] | null}]}

``image`` is a PNG (any size; resized and cropped/padded per the manifest settings when it is not
already at the model size, which needs Pillow) or a raw little-endian float32 file holding the
normalised pixel tensor ``[3,S,S]``. Relative paths are resolved against the cases file.

``OUT.json`` = ``{"model": ..., "cases": [...]}`` with, per case: ``id``, ``promptIds`` (token ids
before and after the image placeholder), ``tokens`` (greedy ids, EOS included when reached),
``text`` (decoded, EOS removed), ``prefillLastLogits`` (full vocabulary at the last prompt
position), ``expertChoices`` (per MoE layer, argmax expert at every computed position: prompt with
image tokens, then each generated token that was fed back), ``modalityProbabilities`` (router
softmax averaged over image tokens and MoE layers), and with candidates
``candidateLogLikelihoods`` (sum of log-probabilities of ``answerPrefix + candidate`` then EOS)
and ``candidateProbabilities`` (softmax over those scores).

The reference computes in float32 with the state dict's weights. When ``DIR/model.json`` describes an
int8/int4 export, the reference first replaces each quantized linear layer's weight by what the
graph holds (quantized and dequantized exactly as ``MatMulNBits`` defines it) and rounds the
embedding table to float16 as the export stores it, so the comparison tests the export, not the
quantization error. Ids beyond the tokenizer (``model.json``'s ``tokenizer.size``) are never
generated or scored.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from medmoe_ref.generation import run_case  # noqa: E402
from medmoe_ref.model import load_model  # noqa: E402
from medmoe_ref.preprocess import load_pixels  # noqa: E402
from medmoe_ref.tokenizer import Tokenizer  # noqa: E402


def apply_quantization(model, settings: dict) -> None:
    """Gives the model the weights an int8/int4 export computes with (see the module doc)."""
    from medmoe_ref.quantize import QuantSettings, fake_quantize

    quant = QuantSettings(int(settings["bits"]), int(settings["blockSize"]), int(settings.get("accuracyLevel", 0)))
    scopes = [model.decoder] + ([model.vision_tower, model.projector] if settings.get("vision") else [])
    with torch.no_grad():
        for scope in scopes:
            for name, module in scope.named_modules():
                if isinstance(module, torch.nn.Linear) and not name.endswith(("gate.router", "coefficient")):
                    module.weight.copy_(torch.from_numpy(fake_quantize(module.weight.numpy(), quant)))
        model.embed_tokens.weight.copy_(model.embed_tokens.weight.half().float())


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description="Med-MoE PyTorch reference outputs for parity tests")
    parser.add_argument("--model", required=True, help="model directory")
    parser.add_argument("--cases", required=True, help="cases JSON file")
    parser.add_argument("--out", required=True, help="output JSON file")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)

    model = load_model(os.path.join(args.model, "reference_config.json"),
                       os.path.join(args.model, "reference_state.pt"))
    manifest = {}
    if os.path.exists(os.path.join(args.model, "model.json")):
        with open(os.path.join(args.model, "model.json"), encoding="utf-8") as src:
            manifest = json.load(src)
    if manifest.get("quantization"):
        apply_quantization(model, manifest["quantization"])
    vocab_limit = (manifest.get("tokenizer") or {}).get("size") or None
    tokenizer = Tokenizer(args.model, (manifest.get("tokenizer") or {}).get("kind"))
    with open(args.cases, encoding="utf-8") as src:
        cases = json.load(src)["cases"]
    base = os.path.dirname(os.path.abspath(args.cases))
    results = []
    for case in cases:
        image = case["image"] if os.path.isabs(case["image"]) else os.path.join(base, case["image"])
        pixels = load_pixels(image, model.cfg)
        result = run_case(model, tokenizer, pixels, case["question"], int(case.get("maxNewTokens", 16)),
                          case.get("candidates"), vocab_limit)
        results.append({"id": case.get("id"), **result})
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({"model": model.cfg.name, "cases": results}, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
