"""Streaming export of a Med-MoE model to the service's model directory.

Writes ``vision_encoder.onnx``, ``embed_tokens.onnx``, ``decoder_model_merged.onnx`` (operator by
operator, :mod:`medmoe_ref.onnx_graphs`; a graph whose weights pass 256 MB keeps them in one
``<graph>_data`` external-data file, 4 KiB-aligned), the tokenizer files and ``model.json``. The
weights come from a *source* one tensor at a time (a checkpoint, read by offset, or an in-memory
reference model), are converted (transposed, cast, quantized) and written, so the export's memory
is one tensor and its converted copy, whatever the model's size. SHA-256s are computed while the
files are written. Format ``medmoe-onnx/2``: the decoder contract of :mod:`medmoe_ref.onnx_graphs`.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from .config import PHI2, ModelConfig
from .graph import Graph, WeightSink
from .model import MedMoE
from .onnx_graphs import (DENSE, FLOAT16_NAME, FLOAT32, INT4, INT8, SPARSE, GraphOptions, decoder_graph,
                          decoder_io_names, embed_graph, vision_graph)
from .quantize import QuantSettings
from .verified import write_record

FORMAT = "medmoe-onnx/2"
VISION_FILE = "vision_encoder.onnx"
EMBED_FILE = "embed_tokens.onnx"
DECODER_FILE = "decoder_model_merged.onnx"
TOKENIZER_FILE = "tokenizer.json"
MANIFEST_FILE = "model.json"
# A graph whose weights pass this keeps them in an external-data file. Protobuf cannot hold more
# than 2 GiB, and a graph kept inline is held in memory two or three times while it is serialised,
# so the limit is set by memory, well below that.
EXTERNAL_DATA_THRESHOLD = 256_000_000
BYTES = {FLOAT32: 4.0, FLOAT16_NAME: 2.0, INT8: 1.0 + 4 / 32, INT4: 0.5 + 4 / 32}

__all__ = ["FORMAT", "export", "export_model", "save_reference", "options_for", "decoder_io_names",
           "StateDictSource", "sha256_file", "peak_rss_bytes"]


class StateDictSource:
    """The weights of an in-memory reference model, as float32 numpy arrays by parameter name."""

    def __init__(self, model: MedMoE) -> None:
        self.state = model.state_dict()

    def get(self, name: str, shape: Optional[Tuple[int, ...]] = None) -> np.ndarray:
        value = self.state[name].detach().to(torch.float32).cpu().numpy()
        if shape is not None and tuple(value.shape) != tuple(shape):
            raise ValueError(f"{name}: shape {tuple(value.shape)}, expected {tuple(shape)}")
        return value


def options_for(dtype: str, moe_compute: str = SPARSE, block_size: int = 32, accuracy_level: int = 0,
                quantize_vision: bool = False) -> GraphOptions:
    quant = QuantSettings(8 if dtype == INT8 else 4, block_size, accuracy_level) if dtype in (INT8, INT4) else None
    return GraphOptions(dtype=dtype, moe_compute=moe_compute, quant=quant, quantize_vision=quantize_vision)


def _ffn_params(cfg: ModelConfig) -> int:
    d = cfg.decoder
    return (2 * d.hidden_size * d.intermediate_size + d.intermediate_size + d.hidden_size if d.variant == PHI2
            else 3 * d.hidden_size * d.intermediate_size)


def estimated_bytes(cfg: ModelConfig, opts: GraphOptions) -> Dict[str, float]:
    """Approximate weight bytes of each graph, to decide on external data before writing."""
    v, d = cfg.vision, cfg.decoder
    per = BYTES[opts.dtype]
    vision_per = per if opts.quantize_vision else (2.0 if opts.dtype == FLOAT16_NAME else 4.0)
    vision = (v.layers_used * (4 * v.hidden_size ** 2 + 2 * v.hidden_size * v.intermediate_size)
              + v.hidden_size * d.hidden_size + d.hidden_size ** 2) * vision_per
    vision += ((v.num_patches + 1) * v.hidden_size + 3 * v.hidden_size * v.patch_size ** 2) * 4.0
    embed = d.vocab_size * d.hidden_size * (4.0 if opts.dtype == FLOAT32 else 2.0)
    moe_layers = len(cfg.moe.layers)
    ffns = (d.num_layers - moe_layers) + moe_layers * (cfg.moe.num_experts + 1 + (1 if cfg.moe.use_residual else 0))
    decoder = (d.num_layers * 4 * d.hidden_size ** 2 + ffns * _ffn_params(cfg) + d.vocab_size * d.hidden_size) * per
    return {VISION_FILE: vision, EMBED_FILE: embed, DECODER_FILE: decoder}


class _HashingSink(WeightSink):
    """A sink that hashes the external-data file as it writes it."""

    def __init__(self, directory: Optional[str] = None, location: Optional[str] = None) -> None:
        super().__init__(directory, location)
        self.digest = hashlib.sha256()
        if self._file is not None:
            raw = self._file

            class _Writer:
                def write(inner, data: bytes) -> int:  # noqa: N805
                    self.digest.update(data)
                    return raw.write(data)

                def close(inner) -> None:  # noqa: N805
                    raw.close()

            self._file = _Writer()


def _write_graph(name: str, out_dir: str, external: bool, build: Callable[[Graph], Graph],
                 hashes: Dict[str, Tuple[str, int]]) -> None:
    data_name = name + "_data"
    data_path = os.path.join(out_dir, data_name)
    if os.path.exists(data_path):
        os.remove(data_path)
    sink = _HashingSink(out_dir, data_name) if external else _HashingSink()
    graph = build(Graph(name.rsplit(".", 1)[0], sink))
    sink.close()
    proto = graph.model("medmoe-export").SerializeToString()
    with open(os.path.join(out_dir, name), "wb") as out:
        out.write(proto)
    hashes[name] = (hashlib.sha256(proto).hexdigest(), len(proto))
    if external:
        hashes[data_name] = (sink.digest.hexdigest(), os.path.getsize(data_path))
    del graph, proto


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def peak_rss_bytes() -> int:
    """This process's peak resident set size: ``VmHWM`` (which starts afresh at ``exec``), else
    ``ru_maxrss`` (which Linux carries over from the parent at ``fork``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def manifest(cfg: ModelConfig, opts: GraphOptions, files: Dict[str, Tuple[str, int]],
             tokenizer: Tuple[str, List[str]], tokenizer_size: int) -> dict:
    """The ``model.json`` document."""
    v, d, m, img, pr = cfg.vision, cfg.decoder, cfg.moe, cfg.image, cfg.prompt
    doc = {
        "format": FORMAT,
        "name": cfg.name,
        "version": cfg.version,
        "variant": d.variant,
        "dtype": opts.dtype,
        "image": {"size": v.image_size, "patchSize": v.patch_size, "numImageTokens": v.num_patches,
                  "resize": img.resize, "fit": img.fit, "padFill": list(img.pad_fill),
                  "mean": list(img.mean), "std": list(img.std)},
        "decoder": {"hiddenSize": d.hidden_size, "numLayers": d.num_layers, "numHeads": d.num_heads,
                    "headDim": d.head_dim, "vocabSize": d.vocab_size, "maxPositions": d.max_positions,
                    "intermediateSize": d.intermediate_size},
        "moe": {"layers": list(m.layers), "numExperts": m.num_experts, "topK": m.top_k,
                "routerLabels": list(m.router_labels), "useResidual": m.use_residual, "compute": opts.moe_compute},
        "prompt": {"template": pr.template, "imageToken": pr.image_token, "addBos": pr.add_bos,
                   "eosToken": pr.eos_token, "eosTokenId": pr.eos_token_id, "answerPrefix": pr.answer_prefix},
        "tokenizer": {"kind": tokenizer[0], "files": list(tokenizer[1]), "size": tokenizer_size},
        "files": {name: {"sha256": sha, "bytes": size} for name, (sha, size) in files.items()},
    }
    if opts.quant is not None:
        doc["quantization"] = dict(opts.quant.to_dict(), vision=opts.quantize_vision)
    return doc


def export(cfg: ModelConfig, source, out_dir: str, tokenizer: Tuple[str, Sequence[str]], tokenizer_size: int,
           opts: GraphOptions = GraphOptions(), external_data: Optional[bool] = None,
           log: Callable[[str], None] = lambda _: None) -> dict:
    """Writes the model directory from ``source`` (``get(name, shape)``); returns the manifest.

    ``tokenizer``: ``(kind, [paths])`` of the tokenizer files to copy. ``external_data``: None
    decides by size, True/False forces it for the decoder (the vision and embedding graphs decide
    by size).
    """
    os.makedirs(out_dir, exist_ok=True)
    get = source.get
    sizes = estimated_bytes(cfg, opts)
    hashes: Dict[str, Tuple[str, int]] = {}
    for name, build in ((VISION_FILE, lambda g: vision_graph(cfg, get, opts, g)),
                        (EMBED_FILE, lambda g: embed_graph(cfg, get, opts, g)),
                        (DECODER_FILE, lambda g: decoder_graph(cfg, get, opts, g))):
        external = sizes[name] > EXTERNAL_DATA_THRESHOLD
        if name == DECODER_FILE and external_data is not None:
            external = external_data
        _write_graph(name, out_dir, external, build, hashes)
        log(f"{name}: {sum(size for n, (_, size) in hashes.items() if n.startswith(name)) / 1e9:.2f} GB written, "
            f"peak RSS so far {peak_rss_bytes() / 1e9:.2f} GB")
    kind, paths = tokenizer
    names = []
    for path in paths:
        name = TOKENIZER_FILE if kind == TOKENIZER_FILE else os.path.basename(path)
        target = os.path.join(out_dir, name)
        if os.path.abspath(path) != os.path.abspath(target):
            shutil.copyfile(path, target)
        names.append(name)
        hashes[name] = (sha256_file(target), os.path.getsize(target))
    doc = manifest(cfg, opts, hashes, (kind, names), tokenizer_size)
    with open(os.path.join(out_dir, MANIFEST_FILE), "w", encoding="utf-8") as out:
        json.dump(doc, out, indent=2)
        out.write("\n")
    write_record(out_dir, doc["files"])
    return doc


def export_model(model: MedMoE, tokenizer_json: str, out_dir: str, dtype: str = FLOAT32,
                 external_data: Optional[bool] = None, reference_files: bool = False,
                 moe_compute: str = SPARSE, accuracy_level: int = 0, block_size: int = 32) -> dict:
    """Exports an in-memory reference model with a ``tokenizer.json``; returns the manifest.

    With ``reference_files`` the PyTorch state dict and config are written too
    (``reference_state.pt``, ``reference_config.json``), which ``tools/reference.py`` loads.
    """
    opts = options_for(dtype, moe_compute, block_size, accuracy_level)
    size = tokenizer_json_size(tokenizer_json)
    doc = export(model.cfg, StateDictSource(model), out_dir, (TOKENIZER_FILE, [tokenizer_json]), size, opts,
                 external_data)
    if reference_files:
        save_reference(model, out_dir)
    return doc


def tokenizer_json_size(path: str) -> int:
    """Highest token id + 1 of a ``tokenizer.json`` (model vocabulary and added tokens)."""
    with open(path, encoding="utf-8") as src:
        spec = json.load(src)
    ids = [int(t["id"]) for t in spec.get("added_tokens") or []]
    vocab = (spec.get("model") or {}).get("vocab")
    if isinstance(vocab, dict):
        ids += [int(i) for i in vocab.values()]
    elif isinstance(vocab, list):
        ids.append(len(vocab) - 1)
    return max(ids) + 1


def save_reference(model: MedMoE, out_dir: str) -> None:
    """Writes ``reference_state.pt`` (float32 state dict) and ``reference_config.json``."""
    model.cfg.save(os.path.join(out_dir, "reference_config.json"))
    state = {k: v.detach().float().clone() if v.is_floating_point() else v.clone()
             for k, v in model.state_dict().items()}
    torch.save(state, os.path.join(out_dir, "reference_state.pt"))
