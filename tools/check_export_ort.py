#!/usr/bin/env python3
"""Exports at the released widths, run in ONNX Runtime's Python package against the PyTorch reference.

The Java parity tests run every dtype at toy widths; ``bench model`` compares the Java exports of
the full StableLM with PyTorch. This script covers what those leave out, where a Python with the
``onnxruntime`` package is at hand (Debian has none): any variant, residual MoE and top-2, float16,
and int8/int4 at MatMulNBits accuracy level 0 against the reference holding the same dequantized
weights, at the released widths with a few layers. It writes a random checkpoint in the released
layout (``make_synthetic_checkpoint.py --dims released --layers N``), exports it in each dtype
(``export_onnx.py``), and answers one prompt through the decoder contract as the Java service does
(the image prefix prefilled once, the question rows continuing it in place), comparing the image
features, the router logits and the logits after the question with the reference's::

    python3 tools/check_export_ort.py --variant phi2 [--layers 2] [--top-k 2] [--use-residual]
        [--dtypes float32,float16,int8,int4] [--work DIR] [--out report.json]
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from typing import Dict, List

import numpy as np
import torch

TOOLS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, TOOLS)

from checkpoint import load_checkpoint  # noqa: E402
from medmoe_ref.generation import prompt_chunks  # noqa: E402
from medmoe_ref.tokenizer import Tokenizer  # noqa: E402
from reference import apply_quantization  # noqa: E402

QUESTION = "Is there an abnormality?"


def run_ort(model_dir: str, pixels: np.ndarray, first: List[int], second: List[int]) -> Dict[str, np.ndarray]:
    """Vision, a prefix run (template + image), then the question's row continuing that prefix."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1

    def session(name):
        return ort.InferenceSession(os.path.join(model_dir, name), options, providers=["CPUExecutionProvider"])

    with open(os.path.join(model_dir, "model.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    d = manifest["decoder"]
    heads, head_dim, layers = d["numHeads"], d["headDim"], d["numLayers"]
    vision, embed, decoder = session("vision_encoder.onnx"), session("embed_tokens.onnx"), session("decoder_model_merged.onnx")
    features = vision.run(None, {"pixel_values": pixels})[0]
    embeds = embed.run(None, {"input_ids": np.array([first + second], dtype=np.int64)})[0]
    before, after = embeds[:, :len(first)], embeds[:, len(first):]
    prefix = np.concatenate([before, features], axis=1)
    plen = prefix.shape[1]
    empty = np.zeros((heads, 1, 0, head_dim), dtype=np.float32)
    feeds = {"inputs_embeds": prefix, "attention_mask": np.ones((1, plen), np.int64),
             "position_ids": np.arange(plen, dtype=np.int64)[None], "prefix_index": np.zeros(1, np.int64),
             "logits_index": np.zeros((1, 0), np.int64)}
    for i in range(layers):
        for kind in ("key", "value"):
            feeds[f"prefix_key_values.{i}.{kind}"] = empty
            feeds[f"past_key_values.{i}.{kind}"] = empty
    names = [o.name for o in decoder.get_outputs()]
    prefix_out = dict(zip(names, decoder.run(None, feeds)))
    feeds = {"inputs_embeds": after, "attention_mask": np.ones((1, plen + len(second)), np.int64),
             "position_ids": np.arange(plen, plen + len(second), dtype=np.int64)[None],
             "prefix_index": np.zeros(1, np.int64), "logits_index": np.array([[len(second) - 1]], np.int64)}
    for i in range(layers):
        for kind in ("key", "value"):
            feeds[f"prefix_key_values.{i}.{kind}"] = prefix_out[f"present.{i}.{kind}"]
            feeds[f"past_key_values.{i}.{kind}"] = empty
    row = dict(zip(names, decoder.run(None, feeds)))
    routers = [np.concatenate([prefix_out[n][0], row[n][0]]) for n in names if n.startswith("router_logits.")]
    return {"features": features[0], "logits": row["logits"][0, 0], "routers": np.stack(routers)}


@torch.no_grad()
def run_reference(model, pixels: np.ndarray, first: List[int], second: List[int]) -> Dict[str, np.ndarray]:
    features = model.encode_images(torch.from_numpy(pixels))
    embeds = torch.cat([model.embed(torch.tensor([first])), features, model.embed(torch.tensor([second]))], dim=1)
    n = embeds.shape[1]
    logits, _, routers = model.decode(embeds, torch.ones(1, n, dtype=torch.long), torch.arange(n).unsqueeze(0))
    return {"features": features[0].numpy(), "logits": logits[0, -1].numpy(),
            "routers": torch.stack([r[0] for r in routers]).numpy()}


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description="Exports at the released widths in ONNX Runtime vs the reference")
    p.add_argument("--variant", default="phi2", choices=["phi2", "stablelm"])
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--top-k", type=int, default=2, choices=[1, 2])
    p.add_argument("--use-residual", action="store_true")
    p.add_argument("--dtypes", default="float32,float16,int8,int4")
    p.add_argument("--work", help="working directory (default: a temporary one)")
    p.add_argument("--out")
    args = p.parse_args(argv)
    torch.set_num_threads(os.cpu_count() or 1)
    import onnxruntime

    work = args.work or tempfile.mkdtemp(prefix="medmoe-ort-check-")
    checkpoint = os.path.join(work, "checkpoint")
    started = time.time()
    make = [sys.executable, os.path.join(TOOLS, "make_synthetic_checkpoint.py"), "--out", checkpoint, "--variant",
            args.variant, "--dims", "released", "--layers", str(args.layers), "--top-k", str(args.top_k)]
    subprocess.run(make + (["--use-residual"] if args.use_residual else []), check=True)
    report: Dict[str, object] = {"onnxruntime": onnxruntime.__version__, "torch": torch.__version__,
                                 "variant": args.variant, "layers": args.layers, "topK": args.top_k,
                                 "useResidual": args.use_residual, "checkpointSeconds": round(time.time() - started, 1)}
    tokenizer = Tokenizer(os.path.join(checkpoint, "tokenizer.json"))
    pixels = np.random.default_rng(3).standard_normal((1, 3, 336, 336)).astype(np.float32)
    base = load_checkpoint(checkpoint)
    first, second = prompt_chunks(base.cfg, tokenizer, QUESTION)
    plain = run_reference(base, pixels, first, second)
    for dtype in args.dtypes.split(","):
        out = os.path.join(work, dtype)
        t0 = time.time()
        subprocess.run([sys.executable, os.path.join(TOOLS, "export_onnx.py"), "--checkpoint", checkpoint, "--out", out,
                        "--dtype", dtype, "--block-size", "32", "--accuracy-level", "0"], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "model.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        theirs = plain
        if manifest.get("quantization"):
            model = copy.deepcopy(base)
            apply_quantization(model, manifest["quantization"])
            theirs = run_reference(model, pixels, first, second)
            del model
        ours = run_ort(out, pixels, first, second)
        entry = {"exportSeconds": round(time.time() - t0, 1)}
        for key in ("features", "routers", "logits"):
            entry[key] = {"maxAbsDiff": float(np.abs(ours[key] - theirs[key]).max()),
                          "maxAbs": float(np.abs(theirs[key]).max())}
        entry["argmaxSame"] = int(np.argmax(ours["logits"])) == int(np.argmax(theirs["logits"]))
        entry["expertChoicesSame"] = bool((ours["routers"].argmax(-1) == theirs["routers"].argmax(-1)).all())
        report[dtype] = entry
        print(json.dumps({dtype: entry}), flush=True)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
