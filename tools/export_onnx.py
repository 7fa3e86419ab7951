#!/usr/bin/python3
"""Exports a Med-MoE model to the service's model directory (three ONNX graphs + manifest).

From a released checkpoint (Hugging Face layout, see ``tools/checkpoint.py``)::

    /usr/bin/python3 tools/export_onnx.py --checkpoint CKPT_DIR --out MODEL_DIR \\
        [--vision-tower CLIP_DIR] [--tokenizer CKPT_DIR/tokenizer.json] \\
        [--router-labels CT,MRI,PATHOLOGY,XRAY] [--top-k 1|2] [--fit crop|pad] \\
        [--router-file phi_router.pth] [--fp16] [--moe-compute sparse|dense] [--name NAME --version V]
        [--with-reference]

From a reference model (``reference_config.json`` + ``reference_state.pt``)::

    /usr/bin/python3 tools/export_onnx.py --reference REF_DIR --tokenizer tok.json --out MODEL_DIR

Writes ``vision_encoder.onnx``, ``embed_tokens.onnx``, ``decoder_model_merged.onnx`` (opset 17;
with ``*.onnx_data`` external data when a graph would pass 2 GB), ``tokenizer.json`` and
``model.json``. ``--fp16`` stores weights and computation in float16 except the MoE router and the
rotary angles, and keeps float32 at the graph boundary. ``--moe-compute``: ``sparse`` (default)
runs each expert only on the tokens routed to it, ``dense`` runs every expert on every token and
then applies the routed weighting (same results). ``--with-reference`` also writes the float32
state dict and config that ``tools/reference.py`` needs.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from medmoe_ref.model import load_model  # noqa: E402
from medmoe_ref.onnx_export import export_model  # noqa: E402


def main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(description="Export Med-MoE to ONNX (three-file split + model.json)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--checkpoint", help="Hugging Face checkpoint directory (config.json + safetensors)")
    source.add_argument("--reference", help="directory with reference_config.json + reference_state.pt")
    p.add_argument("--out", required=True, help="model directory to write")
    p.add_argument("--tokenizer", help="tokenizer.json (default: the source directory's)")
    p.add_argument("--vision-tower", help="separate CLIP checkpoint directory, if the checkpoint lacks the tower")
    p.add_argument("--router-labels", help="comma-separated modality label per router output, in order")
    p.add_argument("--top-k", type=int, choices=[1, 2], help="override moe.top_k_experts of config.json")
    p.add_argument("--fit", choices=["crop", "pad"], help="pre-processing (default: config's image_aspect_ratio)")
    p.add_argument("--router-file", help="released router weights (fc1.weight/fc1.bias) to compare with")
    p.add_argument("--name")
    p.add_argument("--version", default="1")
    p.add_argument("--fp16", action="store_true")
    p.add_argument("--moe-compute", choices=["sparse", "dense"], default="sparse",
                   help="MoE layers: only the routed experts per token (default) or every expert densely")
    p.add_argument("--with-reference", action="store_true", help="also write reference_state.pt/config")
    args = p.parse_args(argv)

    if args.checkpoint:
        from checkpoint import compare_router, load_checkpoint

        labels = args.router_labels.split(",") if args.router_labels else None
        model = load_checkpoint(args.checkpoint, vision_tower=args.vision_tower, router_labels=labels,
                                top_k=args.top_k, fit=args.fit, name=args.name, version=args.version)
        if args.router_file:
            diff = compare_router(model, args.router_file)
            print(f"router vs {args.router_file}: max |difference| {diff:.3g}", file=sys.stderr)
        tokenizer = args.tokenizer or os.path.join(args.checkpoint, "tokenizer.json")
    else:
        model = load_model(os.path.join(args.reference, "reference_config.json"),
                           os.path.join(args.reference, "reference_state.pt"))
        if args.name:
            model.cfg.name = args.name
        tokenizer = args.tokenizer or os.path.join(args.reference, "tokenizer.json")
    if not os.path.exists(tokenizer):
        p.error(f"no tokenizer.json at {tokenizer}; pass --tokenizer")
    cfg = model.cfg
    print(f"{cfg.name}: {cfg.variant}, {cfg.decoder.num_layers} layers, MoE layers {cfg.moe.layers}, "
          f"top-{cfg.moe.top_k}, router labels {cfg.moe.router_labels}", file=sys.stderr)
    with torch.no_grad():
        doc = export_model(model, tokenizer, args.out, fp16=args.fp16, reference_files=args.with_reference,
                           moe_compute=args.moe_compute)
    print(json.dumps(doc["files"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
