#!/usr/bin/python3
"""A Med-MoE model at the released dimensions with random weights, for benchmarks: generated once.

Usage::

    /usr/bin/python3 tools/make_bench_model.py --variant stablelm|phi2 --out DIR
        [--dtypes float32,int8,int4] [--accuracy-level 4] [--block-size 32] [--seed 11] [--max-shard-mb 5000]

``DIR/checkpoint`` gets a random checkpoint in the released layout (all layers, 4 experts + meta
expert every other layer, CLIP ViT-L/14-336, bf16 shards of at most ``--max-shard-mb``, the released
router in every MoE layer), written by ``make_synthetic_checkpoint.py``; then ``DIR/<dtype>`` gets
the export of each dtype, written by ``export_onnx.py`` as a user would run it. Each step is skipped
when its output is already complete, so a benchmark can call this every time. ``DIR/exports.json``
records each export's time, size and peak resident memory beside the checkpoint's largest file.
The weights are random (normal, 0.02): the model is for time and memory, its answers mean nothing.
The float32 StableLM export is about 15 GB, the Phi2 one about 26 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from typing import Sequence

TOOLS = os.path.dirname(os.path.abspath(__file__))
ROUTERS = {"phi2": "phi_router.pth", "stablelm": "stablelm_router.pth"}
DONE = ".complete"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args) -> str:
    started = time.time()
    result = subprocess.run([sys.executable] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args[:1])} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    log(f"  {os.path.basename(args[0])} took {time.time() - started:.0f} s")
    return result.stdout


def main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(description="Random Med-MoE at the released dimensions, for benchmarks")
    p.add_argument("--variant", required=True, choices=sorted(ROUTERS))
    p.add_argument("--out", required=True)
    p.add_argument("--dtypes", default="float32,int8,int4")
    p.add_argument("--accuracy-level", type=int, default=4, help="int8/int4: MatMulNBits accuracy level")
    p.add_argument("--block-size", type=int, default=32)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--max-shard-mb", type=int, default=5000)
    p.add_argument("--dims", choices=["released", "tiny"], default="released",
                   help="tiny: the same layout at toy widths, for a quick check of the whole path")
    args = p.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    checkpoint = os.path.join(args.out, "checkpoint")
    if not os.path.exists(os.path.join(checkpoint, DONE)):
        log(f"writing a random {args.variant} checkpoint at the released dimensions to {checkpoint} ...")
        run([os.path.join(TOOLS, "make_synthetic_checkpoint.py"), "--out", checkpoint, "--variant", args.variant,
             "--dims", args.dims, "--seed", str(args.seed), "--max-shard-mb", str(args.max_shard_mb)]
            + (["--router-file", os.path.join(TOOLS, "fixtures", "released-routers", ROUTERS[args.variant])]
               if args.dims == "released" else []))
        open(os.path.join(checkpoint, DONE), "w").close()
    record_path = os.path.join(args.out, "exports.json")
    records = {}
    if os.path.exists(record_path):
        with open(record_path, encoding="utf-8") as f:
            records = json.load(f)
    for dtype in args.dtypes.split(","):
        out = os.path.join(args.out, dtype)
        if os.path.exists(os.path.join(out, DONE)):
            continue
        log(f"exporting {dtype} to {out} ...")
        command = [os.path.join(TOOLS, "export_onnx.py"), "--checkpoint", checkpoint, "--out", out, "--dtype", dtype,
                   "--name", f"bench-{args.variant}-{dtype}"]
        if dtype in ("int8", "int4"):
            command += ["--accuracy-level", str(args.accuracy_level), "--block-size", str(args.block_size)]
        records[dtype] = json.loads(run(command))
        with open(record_path, "w", encoding="utf-8") as f:
            json.dump(records, f, indent=2)
        open(os.path.join(out, DONE), "w").close()
    print(json.dumps({"checkpoint": checkpoint, "exports": {d: os.path.join(args.out, d) for d in args.dtypes.split(",")},
                      "records": records}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
