#!/usr/bin/python3
"""Exports a Med-MoE model to the service's model directory (three ONNX graphs + manifest).

From a released checkpoint (Hugging Face layout, see ``tools/checkpoint.py``), read one tensor at a
time::

    /usr/bin/python3 tools/export_onnx.py --checkpoint CKPT_DIR --out MODEL_DIR \\
        [--dtype float32|float16|int8|int4] [--block-size 32] [--accuracy-level 0|4] [--quantize-vision] \\
        [--vision-tower CLIP_DIR] [--tokenizer DIR_OR_FILE] [--router-labels CT,MRI,PATHOLOGY,XRAY] \\
        [--top-k 1|2] [--fit crop|pad] [--router-file phi_router.pth] [--moe-compute sparse|dense] \\
        [--external-data] [--name NAME --version V] [--with-reference]

From a reference model (``reference_config.json`` + ``reference_state.pt``)::

    /usr/bin/python3 tools/export_onnx.py --reference REF_DIR [--tokenizer tok.json] --out MODEL_DIR

Writes ``vision_encoder.onnx``, ``embed_tokens.onnx``, ``decoder_model_merged.onnx`` (opset 17; with
``*.onnx_data`` external data when a graph's weights pass 256 MB, or with ``--external-data``), the
tokenizer files and ``model.json``. ``--dtype``: ``float32``; ``float16`` (weights and arithmetic in
float16 except the router, the residual-MoE coefficient, the rotary angles and the attention scores
and softmax, which stay float32); ``int8`` / ``int4`` (weight-only: the decoder's linear layers as
ONNX Runtime's ``MatMulNBits`` with one scale per ``--block-size`` weights, float32 arithmetic, the
embedding table in float16). ``--moe-compute``: ``sparse`` (default) runs each expert only on the
tokens routed to it, ``dense`` runs every expert on every token (same results). ``--with-reference``
also writes the float32 state dict and config that ``tools/reference.py`` needs (it holds the whole
model in memory: small models only). Prints what it found, the time taken and its peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from medmoe_ref import tokenizer_files  # noqa: E402
from medmoe_ref.model import load_model  # noqa: E402
from medmoe_ref.onnx_export import (StateDictSource, export, options_for, peak_rss_bytes,  # noqa: E402
                                    save_reference)
from medmoe_ref.onnx_graphs import DTYPES, FLOAT32  # noqa: E402
from medmoe_ref.weights import CheckpointError  # noqa: E402


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(description="Export Med-MoE to ONNX (three-file split + model.json)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--checkpoint", help="Hugging Face checkpoint directory (config.json + safetensors or .bin)")
    source.add_argument("--reference", help="directory with reference_config.json + reference_state.pt")
    p.add_argument("--out", required=True, help="model directory to write")
    p.add_argument("--tokenizer", help="tokenizer.json, or a directory with the tokenizer files (default: the source)")
    p.add_argument("--vision-tower", help="separate CLIP checkpoint directory, if the checkpoint lacks the tower")
    p.add_argument("--router-labels", help="comma-separated modality label per router output, in order "
                                           "(default CT,MRI,PATHOLOGY,XRAY)")
    p.add_argument("--top-k", type=int, choices=[1, 2], help="override moe.top_k_experts of config.json")
    p.add_argument("--fit", choices=["crop", "pad"], help="pre-processing (default: config's image_aspect_ratio)")
    p.add_argument("--router-file", help="released router weights (fc1.weight/fc1.bias) to compare with")
    p.add_argument("--name")
    p.add_argument("--version", default="1")
    p.add_argument("--dtype", choices=DTYPES, default=FLOAT32)
    p.add_argument("--block-size", type=int, default=32, help="int8/int4: weights per scale (power of two >= 16)")
    p.add_argument("--accuracy-level", type=int, choices=[0, 1, 2, 3, 4], default=0,
                   help="int8/int4: MatMulNBits accuracy level (4: int8 arithmetic on the activations)")
    p.add_argument("--quantize-vision", action="store_true", help="int8/int4: quantize the vision encoder too")
    p.add_argument("--moe-compute", choices=["sparse", "dense"], default="sparse",
                   help="MoE layers: only the routed experts per token (default) or every expert densely")
    p.add_argument("--external-data", action="store_true", help="write the decoder's weights to an external file")
    p.add_argument("--with-reference", action="store_true", help="also write reference_state.pt/config")
    args = p.parse_args(argv)

    started = time.time()
    opts = options_for(args.dtype, args.moe_compute, args.block_size, args.accuracy_level, args.quantize_vision)
    reference_model = None
    try:
        if args.checkpoint:
            from checkpoint import compare_router, load_checkpoint, open_checkpoint

            labels = args.router_labels.split(",") if args.router_labels else None
            overrides = dict(router_labels=labels, top_k=args.top_k, fit=args.fit, name=args.name, version=args.version,
                             tokenizer_dir=args.tokenizer if args.tokenizer and os.path.isdir(args.tokenizer) else None)
            cfg, source = open_checkpoint(args.checkpoint, vision_tower=args.vision_tower, **overrides)
            log(f"checkpoint: {source.reader.kind()}, {len(source.reader.files)} file(s), largest "
                f"{source.largest_file_bytes() / 1e9:.2f} GB")
            if args.router_file:
                diff = compare_router(cfg, source, args.router_file)
                log(f"router vs {args.router_file}: max |difference| {diff:.3g}")
            if args.with_reference:
                reference_model = load_checkpoint(args.checkpoint, vision_tower=args.vision_tower, **overrides)
            tokenizer_source = args.tokenizer or args.checkpoint
        else:
            reference_model = load_model(os.path.join(args.reference, "reference_config.json"),
                                         os.path.join(args.reference, "reference_state.pt"))
            if args.name:
                reference_model.cfg.name = args.name
            cfg, source = reference_model.cfg, StateDictSource(reference_model)
            tokenizer_source = args.tokenizer or os.path.join(args.reference, "tokenizer.json")
        kind, files = tokenizer_files.detect(tokenizer_source)
    except (CheckpointError, FileNotFoundError, KeyError, ValueError) as exc:
        p.error(str(exc))
    m = cfg.moe
    log(f"{cfg.name}: {cfg.variant}, {cfg.decoder.num_layers} layers, hidden {cfg.decoder.hidden_size}, vocabulary "
        f"{cfg.decoder.vocab_size}, MoE layers {m.layers}, {m.num_experts} experts + meta, top-{m.top_k}, "
        f"use_residual {str(m.use_residual).lower()}, router labels {m.router_labels}, EOS "
        f"{cfg.prompt.eos_token!r} = {cfg.prompt.eos_token_id}, tokenizer {kind} ({len(files)} files)")
    log(f"exporting as {args.dtype}" + (f" (MatMulNBits, block {args.block_size}, accuracy level "
                                         f"{args.accuracy_level})" if opts.quant else "") + f" to {args.out}")
    doc = export(cfg, source, args.out, (kind, files), tokenizer_files.size(kind, files), opts,
                 True if args.external_data else None, log=log)
    if getattr(source, "residual_shared", False):
        log("residual MoE: the checkpoint stores the residual MLP once, as the meta expert (mlp.meta_moe.*)")
    if reference_model is not None and args.with_reference:
        save_reference(reference_model, args.out)
    total = sum(entry["bytes"] for entry in doc["files"].values())
    summary = {"out": args.out, "dtype": args.dtype, "seconds": round(time.time() - started, 1),
               "bytes": total, "peakRssBytes": peak_rss_bytes(),
               "files": {name: entry["bytes"] for name, entry in doc["files"].items()}}
    if args.checkpoint:
        summary["largestCheckpointFileBytes"] = source.largest_file_bytes()
    log(f"done in {summary['seconds']} s: {total / 1e9:.2f} GB written, peak RSS {summary['peakRssBytes'] / 1e9:.2f} GB")
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
