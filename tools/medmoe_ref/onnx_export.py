"""Export of a :class:`MedMoE` to the three-file ONNX split plus ``model.json``.

I/O contract (all float tensors at the graph boundary are float32, whatever ``dtype`` the
weights have; ``B``, ``T``, ``P`` are dynamic):

``vision_encoder.onnx``
    ``pixel_values [B,3,S,S]`` -> ``image_features [B,N_img,H]``
``embed_tokens.onnx``
    ``input_ids int64 [B,T]`` -> ``inputs_embeds [B,T,H]``
``decoder_model_merged.onnx``
    ``inputs_embeds [B,T,H]``, ``attention_mask int64 [B,P+T]``, ``position_ids int64 [B,T]``,
    ``past_key_values.{i}.key|value [B,h,P,d]`` -> ``logits [B,T,V]``,
    ``present.{i}.key|value [B,h,P+T,d]``, ``router_logits.{j} [B,T,E]`` (j over ``moe.layers``).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from typing import Dict, List, Optional

import onnx
import torch
from torch import nn

from .config import ModelConfig
from .decoder import MoEFeedForward, set_moe_compute
from .model import MedMoE

OPSET = 17
FORMAT = "medmoe-onnx/1"
VISION_FILE = "vision_encoder.onnx"
EMBED_FILE = "embed_tokens.onnx"
DECODER_FILE = "decoder_model_merged.onnx"
TOKENIZER_FILE = "tokenizer.json"
MANIFEST_FILE = "model.json"
# Protobuf cannot hold more than 2 GiB; stay well below it before switching to external data.
EXTERNAL_DATA_THRESHOLD = 1_800_000_000


class _Vision(nn.Module):
    def __init__(self, model: MedMoE) -> None:
        super().__init__()
        self.model = model

    def forward(self, pixel_values: torch.Tensor) -> torch.Tensor:
        return self.model.encode_images(pixel_values)


class _Embed(nn.Module):
    def __init__(self, model: MedMoE) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.model.embed(input_ids)


class _Decoder(nn.Module):
    """Flattens the past/present tuples into positional graph inputs and outputs."""

    def __init__(self, model: MedMoE) -> None:
        super().__init__()
        self.model = model
        self.num_layers = model.cfg.decoder.num_layers

    def forward(self, inputs_embeds, attention_mask, position_ids, *flat_past):
        past = [(flat_past[2 * i], flat_past[2 * i + 1]) for i in range(self.num_layers)]
        logits, presents, routers = self.model.decode(inputs_embeds, attention_mask, position_ids, past)
        flat_present = [t for kv in presents for t in kv]
        return (logits, *flat_present, *routers)


def decoder_io_names(cfg: ModelConfig):
    layers = range(cfg.decoder.num_layers)
    past = [f"past_key_values.{i}.{kind}" for i in layers for kind in ("key", "value")]
    present = [f"present.{i}.{kind}" for i in layers for kind in ("key", "value")]
    routers = [f"router_logits.{j}" for j in range(len(cfg.moe.layers))]
    inputs = ["inputs_embeds", "attention_mask", "position_ids"] + past
    outputs = ["logits"] + present + routers
    return inputs, outputs, past, present, routers


def _parameter_bytes(model: nn.Module) -> int:
    return sum(p.numel() * p.element_size() for p in model.parameters())


def _export(module: nn.Module, args, path: str, input_names, output_names, dynamic_axes) -> None:
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, opset_version=OPSET, do_constant_folding=True)


def _set_output_dims(proto: onnx.ModelProto, name: str, dims) -> None:
    """Replaces the declared shape of an output (the tracer loses static sizes after slicing)."""
    for value in proto.graph.output:
        if value.name == name:
            for dim, size in zip(value.type.tensor_type.shape.dim, dims):
                if isinstance(size, int):
                    dim.ClearField("dim_param")
                    dim.dim_value = size
                else:
                    dim.dim_param = size


def _finalise(tmp_path: str, out_path: str, force_external: bool, output_dims=None) -> List[str]:
    """Loads a freshly exported graph (with any external tensors), and writes it to ``out_path``,
    as a single file or with one ``<name>_data`` external-data file. Returns the written names."""
    proto = onnx.load(tmp_path, load_external_data=True)
    for name, dims in (output_dims or {}).items():
        _set_output_dims(proto, name, dims)
    name = os.path.basename(out_path)
    if force_external or proto.ByteSize() > EXTERNAL_DATA_THRESHOLD:
        location = name + "_data"
        data_path = os.path.join(os.path.dirname(out_path), location)
        if os.path.exists(data_path):
            os.remove(data_path)
        onnx.save_model(proto, out_path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=location, size_threshold=1024)
        onnx.checker.check_model(out_path)
        return [name, location]
    onnx.save_model(proto, out_path)
    onnx.checker.check_model(proto)
    return [name]


def export_onnx_files(model: MedMoE, out_dir: str, fp16: bool = False, external_data: Optional[bool] = None,
                      moe_compute: str = MoEFeedForward.SPARSE) -> List[str]:
    """Writes the three graphs into ``out_dir``; returns the file names written (with data files).

    ``external_data``: None decides by size, True/False forces it for the decoder.
    ``moe_compute``: ``"sparse"`` (default: each expert runs only on the tokens routed to it, with
    NonZero/Gather/ScatterND in the graph) or ``"dense"`` (every expert on every token, then the
    routed weighting). Both compute the same sum; the model's own setting is restored afterwards.
    """
    from . import fp16 as fp16_convert

    model = model.eval().float()
    cfg = model.cfg
    size = cfg.vision.image_size
    os.makedirs(out_dir, exist_ok=True)
    written: List[str] = []
    big = _parameter_bytes(model) > EXTERNAL_DATA_THRESHOLD
    with tempfile.TemporaryDirectory(prefix="medmoe-export-") as tmp:
        def finish(tmp_name: str, final: str, force: bool, output_dims=None) -> None:
            tmp_path = os.path.join(tmp, tmp_name, final)
            if fp16:
                converted = os.path.join(tmp, tmp_name, "fp16-" + final)
                fp16_convert.convert_file(tmp_path, converted)
                tmp_path = converted
            written.extend(_finalise(tmp_path, os.path.join(out_dir, final), force, output_dims))

        for sub in ("vision", "embed", "decoder"):
            os.makedirs(os.path.join(tmp, sub))

        pixels = torch.zeros(2, 3, size, size)
        _export(_Vision(model), (pixels,), os.path.join(tmp, "vision", VISION_FILE), ["pixel_values"],
                ["image_features"], {"pixel_values": {0: "batch"}, "image_features": {0: "batch"}})
        finish("vision", VISION_FILE, False,
               {"image_features": ["batch", cfg.vision.num_patches, cfg.decoder.hidden_size]})

        ids = torch.zeros(2, 3, dtype=torch.long)
        _export(_Embed(model), (ids,), os.path.join(tmp, "embed", EMBED_FILE), ["input_ids"], ["inputs_embeds"],
                {"input_ids": {0: "batch", 1: "sequence"}, "inputs_embeds": {0: "batch", 1: "sequence"}})
        finish("embed", EMBED_FILE, False)

        inputs, outputs, past_names, present_names, router_names = decoder_io_names(cfg)
        d = cfg.decoder
        b, t, p = 2, 3, 2
        past = [torch.randn(b, d.num_heads, p, d.head_dim) * 0.1 for _ in past_names]
        args = (torch.randn(b, t, d.hidden_size) * 0.1, torch.ones(b, p + t, dtype=torch.long),
                torch.arange(p, p + t).unsqueeze(0).repeat(b, 1), *past)
        axes: Dict[str, Dict[int, str]] = {
            "inputs_embeds": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "total_sequence"},
            "position_ids": {0: "batch", 1: "sequence"},
            "logits": {0: "batch", 1: "sequence"},
        }
        axes.update({n: {0: "batch", 2: "past_sequence"} for n in past_names})
        axes.update({n: {0: "batch", 2: "total_sequence"} for n in present_names})
        axes.update({n: {0: "batch", 1: "sequence"} for n in router_names})
        previous = {m: m.compute for m in model.modules() if isinstance(m, MoEFeedForward)}
        set_moe_compute(model, moe_compute)
        try:
            _export(_Decoder(model), args, os.path.join(tmp, "decoder", DECODER_FILE), inputs, outputs, axes)
        finally:
            for module, compute in previous.items():
                module.compute = compute
        force = external_data if external_data is not None else big
        finish("decoder", DECODER_FILE, force)
    return written


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest(cfg: ModelConfig, out_dir: str, files: List[str], dtype: str) -> dict:
    """The ``model.json`` document for the files in ``out_dir``."""
    v, d, m, img, pr = cfg.vision, cfg.decoder, cfg.moe, cfg.image, cfg.prompt
    return {
        "format": FORMAT,
        "name": cfg.name,
        "version": cfg.version,
        "variant": d.variant,
        "dtype": dtype,
        "image": {"size": v.image_size, "patchSize": v.patch_size, "numImageTokens": v.num_patches,
                  "resize": img.resize, "fit": img.fit, "padFill": list(img.pad_fill),
                  "mean": list(img.mean), "std": list(img.std)},
        "decoder": {"hiddenSize": d.hidden_size, "numLayers": d.num_layers, "numHeads": d.num_heads,
                    "headDim": d.head_dim, "vocabSize": d.vocab_size, "maxPositions": d.max_positions},
        "moe": {"layers": list(m.layers), "numExperts": m.num_experts, "topK": m.top_k,
                "routerLabels": list(m.router_labels)},
        "prompt": {"template": pr.template, "imageToken": pr.image_token, "addBos": pr.add_bos,
                   "eosToken": pr.eos_token, "eosTokenId": pr.eos_token_id, "answerPrefix": pr.answer_prefix},
        "files": {name: {"sha256": sha256_file(os.path.join(out_dir, name)),
                         "bytes": os.path.getsize(os.path.join(out_dir, name))} for name in files},
    }


def export_model(model: MedMoE, tokenizer_json: str, out_dir: str, fp16: bool = False,
                 external_data: Optional[bool] = None, reference_files: bool = False,
                 moe_compute: str = MoEFeedForward.SPARSE) -> dict:
    """Exports graphs, copies the tokenizer, writes ``model.json``; returns the manifest.
    ``moe_compute`` as in :func:`export_onnx_files`.

    With ``reference_files`` the PyTorch state dict and config are written too
    (``reference_state.pt``, ``reference_config.json``), which ``tools/reference.py`` loads.
    """
    os.makedirs(out_dir, exist_ok=True)
    files = export_onnx_files(model, out_dir, fp16=fp16, external_data=external_data, moe_compute=moe_compute)
    target = os.path.join(out_dir, TOKENIZER_FILE)
    if os.path.abspath(tokenizer_json) != os.path.abspath(target):
        shutil.copyfile(tokenizer_json, target)
    files.append(TOKENIZER_FILE)
    if reference_files:
        save_reference(model, out_dir)
    doc = manifest(model.cfg, out_dir, files, "float16" if fp16 else "float32")
    with open(os.path.join(out_dir, MANIFEST_FILE), "w", encoding="utf-8") as out:
        json.dump(doc, out, indent=2)
        out.write("\n")
    return doc


def save_reference(model: MedMoE, out_dir: str) -> None:
    """Writes ``reference_state.pt`` (float32 state dict) and ``reference_config.json``."""
    model.cfg.save(os.path.join(out_dir, "reference_config.json"))
    state = {k: v.detach().float().clone() if v.is_floating_point() else v.clone()
             for k, v in model.state_dict().items()}
    torch.save(state, os.path.join(out_dir, "reference_state.pt"))
