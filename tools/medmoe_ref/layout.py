"""The released checkpoints' layouts, as written down in ``tools/checkpoint-layouts/*.tsv``.

Each file lists the state-dict names the reference code's modules produce (with placeholders for
layers and experts), their shapes in named dimensions, the stored dtype, when a name is present and
which reference-model parameter it becomes. It is data, written from the reference code and kept
apart from ``tools/checkpoint.py``'s key mapping on purpose: the synthetic-checkpoint writer and
the loader tests read it, so a disagreement between the loader and the release fails a test.

``expand`` turns a layout into concrete rows for a configuration. Run as a script, it prints the
names and shapes at the released dimensions and the parameter counts::

    /usr/bin/python3 tools/medmoe_ref/layout.py phi2|stablelm [--counts]
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Dict, Iterator, List, Tuple

LAYOUT_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "checkpoint-layouts")

# When a row is present, given the checkpoint's settings and file format.
ALWAYS = "always"
QKV_BIAS = "qkv_bias"
USE_RESIDUAL = "use_residual"
USE_RESIDUAL_BIN = "use_residual_bin"
UNUSED = "unused"
CONDITIONS = (ALWAYS, QKV_BIAS, USE_RESIDUAL, USE_RESIDUAL_BIN, UNUSED)


@dataclass(frozen=True)
class Dims:
    """The named dimensions a layout's shapes use, and the counts its placeholders run over."""

    hidden: int
    inter: int
    vocab: int
    layers: int
    moe_layers: Tuple[int, ...]
    experts: int
    vhidden: int
    vinter: int
    vlayers: int
    patch: int
    image_size: int

    @property
    def vpositions(self) -> int:
        return (self.image_size // self.patch) ** 2 + 1

    def size(self, name: str) -> int:
        if name.isdigit():
            return int(name)
        if name == "vpositions":
            return self.vpositions
        if name not in ("hidden", "inter", "vocab", "experts", "vhidden", "vinter", "patch"):
            raise ValueError(f"unknown dimension {name!r} in a layout")
        return getattr(self, name)


RELEASED = {
    "phi2": Dims(hidden=2560, inter=10240, vocab=51200, layers=32, moe_layers=tuple(range(0, 32, 2)), experts=4,
                 vhidden=1024, vinter=4096, vlayers=24, patch=14, image_size=336),
    "stablelm": Dims(hidden=2048, inter=5632, vocab=100352, layers=24, moe_layers=tuple(range(0, 24, 2)), experts=4,
                     vhidden=1024, vinter=4096, vlayers=24, patch=14, image_size=336),
}


@dataclass(frozen=True)
class Row:
    name: str
    shape: Tuple[int, ...]
    dtype: str  # bf16 or f32
    when: str
    reference: str  # reference-model parameter, "-" when never read
    source: str


def read_layout(variant: str) -> List[Row]:
    """The rows of a layout file as written (placeholders kept, shapes unresolved)."""
    path = os.path.join(LAYOUT_DIR, f"{variant}.tsv")
    rows: List[Row] = []
    with open(path, encoding="utf-8") as src:
        lines = [line.rstrip("\n") for line in src if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    if header != ["name", "shape", "dtype", "when", "reference", "source"]:
        raise ValueError(f"{path}: unexpected header {header}")
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != 6 or cells[3] not in CONDITIONS or cells[2] not in ("bf16", "f32"):
            raise ValueError(f"{path}: malformed row {number}: {line!r}")
        rows.append(Row(cells[0], tuple(cells[1].split(",")), cells[2], cells[3], cells[4], cells[5]))
    return rows


def _placeholders(dims: Dims) -> Dict[str, List[int]]:
    moe = set(dims.moe_layers)
    return {"{L}": list(range(dims.layers)), "{M}": sorted(moe),
            "{D}": [i for i in range(dims.layers) if i not in moe], "{E}": list(range(dims.experts)),
            "{V}": list(range(dims.vlayers))}


def expand(variant: str, dims: Dims, qkv_bias: bool = True, use_residual: bool = False,
           file_format: str = "safetensors") -> Iterator[Row]:
    """Concrete rows for a checkpoint of these dimensions and settings; ``file_format`` is
    ``safetensors`` or ``bin`` (which keeps both names of a shared module)."""
    present = {ALWAYS, UNUSED}
    if qkv_bias:
        present.add(QKV_BIAS)
    if use_residual:
        present.add(USE_RESIDUAL)
        if file_format == "bin":
            present.add(USE_RESIDUAL_BIN)
    values = _placeholders(dims)
    for row in read_layout(variant):
        if row.when not in present:
            continue
        shape = tuple(dims.size(d) for d in row.shape)
        for name, reference in _substitute(row.name, row.reference, values):
            yield Row(name, shape, row.dtype, row.when, reference, row.source)


def _substitute(name: str, reference: str, values: Dict[str, List[int]]) -> Iterator[Tuple[str, str]]:
    for token, numbers in values.items():
        if token in name:
            for n in numbers:
                yield from _substitute(name.replace(token, str(n)), reference.replace(token, str(n)), values)
            return
    yield name, reference


def parameter_counts(variant: str, dims: Dims) -> Dict[str, int]:
    """Total and per-token activated parameters of the language model (top-1 expert + meta expert,
    vision tower and projector excluded), for comparison with the paper's figures."""
    total = active = 0
    for row in expand(variant, dims):
        if row.name.startswith(("model.image_tower.", "model.mm_projector.")) or row.when == UNUSED:
            continue
        count = 1
        for d in row.shape:
            count *= d
        total += count
        expert = ".deepspeed_experts." in row.name
        if not expert or ".deepspeed_experts.0." in row.name:
            active += count
    return {"total": total, "activated": active}


def main(argv: List[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Names and shapes of a released Med-MoE checkpoint")
    parser.add_argument("variant", choices=sorted(RELEASED))
    parser.add_argument("--counts", action="store_true", help="print only the parameter counts")
    parser.add_argument("--use-residual", action="store_true")
    args = parser.parse_args(argv)
    dims = RELEASED[args.variant]
    if args.counts:
        counts = parameter_counts(args.variant, dims)
        print(f"{args.variant}: {counts['total'] / 1e9:.3f}B language-model parameters, "
              f"{counts['activated'] / 1e9:.3f}B activated per token")
        return 0
    for row in expand(args.variant, dims, use_residual=args.use_residual):
        print(f"{row.name}\t{list(row.shape)}\t{row.dtype}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
