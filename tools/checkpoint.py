#!/usr/bin/python3
"""Loader for released Med-MoE / MoE-LLaVA checkpoints (Hugging Face layout) into the reference.

A checkpoint directory holds ``config.json`` and weights as ``model.safetensors``, sharded
``model-0000k-of-0000n.safetensors`` with ``model.safetensors.index.json``, or (fallback)
``pytorch_model*.bin``. Safetensors files are read with numpy (memory-mapped; BF16 and F16 are
widened to float32), so the ``safetensors`` package is not needed.

Key names (MoE-LLaVA / Med-MoE; ``L`` = decoder layer, ``e`` = expert)::

    model.image_tower.image_tower.vision_model.*      CLIP vision tower (HF CLIPVisionModel names)
    model.mm_projector.image_spatial_proj.{0,2}.*     mlp2x_gelu projector (LLaVA: model.mm_projector.{0,2})
    model.embed_tokens.weight
    model.layers.L.input_layernorm.*                  (+ post_attention_layernorm for StableLM)
    model.layers.L.self_attn.{q,k,v}_proj.*           + dense (Phi-2) or o_proj (StableLM)
    model.layers.L.mlp.{fc1,fc2}.*                    dense FFN, Phi-2 (StableLM: gate/up/down_proj)
    model.layers.L.mlp.deepspeed_moe.gate.wg.*        router (Linear H -> E with bias)
    model.layers.L.mlp.deepspeed_moe.experts.deepspeed_experts.e.*   routed experts
    model.layers.L.mlp.meta_moe.*                     always-on meta expert
    model.final_layernorm.* (Phi-2) | model.norm.* (StableLM), lm_head.*

Config fields read: ``model_type``/``architectures`` (phi or stablelm), ``hidden_size``,
``num_hidden_layers``, ``num_attention_heads``, ``intermediate_size``, ``vocab_size``,
``max_position_embeddings``, ``partial_rotary_factor`` or ``rope_pct``, ``rope_theta`` or
``rotary_emb_base``, ``layer_norm_eps`` or ``norm_eps``, ``eos_token_id``, ``mm_vision_select_layer``,
``image_aspect_ratio`` and ``moe.{moe_layers_idx, num_experts, top_k_experts}``. The vision tower's
sizes come from ``vision_config`` in ``config.json`` when present, else from a CLIP ``config.json``
given separately, else from the tensor shapes with CLIP's 64-dimensional heads.

Run as a script, it prints the reference configuration derived from a checkpoint (the MoE
layers, top-k, sizes) without loading the weights::

    /usr/bin/python3 tools/checkpoint.py CKPT_DIR [--vision-tower CLIP_DIR]
"""
from __future__ import annotations

import glob
import json
import os
import re
import sys
from typing import Dict, Iterable, List, Optional, Tuple

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from medmoe_ref.config import (PHI2, STABLELM, DecoderConfig, ImageConfig, ModelConfig, MoEConfig,  # noqa: E402
                               PromptConfig, VisionConfig)
from medmoe_ref.model import MedMoE  # noqa: E402

VISION_PREFIXES = (
    "model.image_tower.image_tower.vision_model.",
    "model.vision_tower.vision_tower.vision_model.",
    "vision_model.",
)
PROJECTOR_PREFIXES = ("model.mm_projector.image_spatial_proj.", "model.mm_projector.")

_DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "BF16": np.uint16,
           "I64": np.int64, "I32": np.int32, "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}


class SafetensorsFile:
    """Read-only view of one ``.safetensors`` file (8-byte LE header size, JSON header, data)."""

    def __init__(self, path: str) -> None:
        self.path = path
        with open(path, "rb") as src:
            header_len = int.from_bytes(src.read(8), "little")
            header = json.loads(src.read(header_len))
        header.pop("__metadata__", None)
        self.header: Dict[str, dict] = header
        self.data_start = 8 + header_len
        self._map = np.memmap(path, dtype=np.uint8, mode="r")

    def keys(self) -> Iterable[str]:
        return self.header.keys()

    def tensor(self, key: str) -> torch.Tensor:
        """The tensor as float32 (floating types) or its own integer type."""
        info = self.header[key]
        begin, end = info["data_offsets"]
        raw = self._map[self.data_start + begin:self.data_start + end]
        dtype = info["dtype"]
        if dtype not in _DTYPES:
            raise ValueError(f"{self.path}: unsupported dtype {dtype} for {key}")
        array = raw.view(_DTYPES[dtype]).reshape(info["shape"])
        if dtype == "BF16":  # bfloat16 is the upper half of a float32
            array = (array.astype(np.uint32) << 16).view(np.float32)
        elif dtype in ("F16", "F64"):
            array = array.astype(np.float32)
        return torch.from_numpy(np.array(array))


class CheckpointReader:
    """All tensors of a checkpoint directory, by name, loaded on demand."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self._where: Dict[str, SafetensorsFile] = {}
        self._bin: Dict[str, torch.Tensor] = {}
        index = os.path.join(directory, "model.safetensors.index.json")
        if os.path.exists(index):
            with open(index, encoding="utf-8") as src:
                weight_map = json.load(src)["weight_map"]
            files = {name: SafetensorsFile(os.path.join(directory, name)) for name in sorted(set(weight_map.values()))}
            self._where = {key: files[name] for key, name in weight_map.items()}
        else:
            paths = sorted(glob.glob(os.path.join(directory, "*.safetensors")))
            for path in paths:
                shard = SafetensorsFile(path)
                self._where.update({key: shard for key in shard.keys()})
            if not paths:
                for path in sorted(glob.glob(os.path.join(directory, "pytorch_model*.bin"))):
                    self._bin.update(torch.load(path, map_location="cpu"))
        if not self._where and not self._bin:
            raise FileNotFoundError(f"no safetensors or pytorch_model*.bin weights in {directory}")

    def keys(self) -> List[str]:
        return sorted(list(self._where) + list(self._bin))

    def __contains__(self, key: str) -> bool:
        return key in self._where or key in self._bin

    def get(self, key: str) -> torch.Tensor:
        if key in self._where:
            return self._where[key].tensor(key)
        if key in self._bin:
            return self._bin[key].float() if self._bin[key].is_floating_point() else self._bin[key]
        raise KeyError(f"{key} is not in the checkpoint {self.directory}")


def _first_prefix(reader: CheckpointReader, prefixes: Tuple[str, ...], probe: str) -> Optional[str]:
    for prefix in prefixes:
        if prefix + probe in reader:
            return prefix
    return None


def _variant(hf: dict) -> str:
    names = " ".join([str(hf.get("model_type", ""))] + list(hf.get("architectures", []))).lower()
    if "stablelm" in names:
        return STABLELM
    if "phi" in names:
        return PHI2
    raise ValueError(f"cannot tell phi from stablelm in model_type/architectures: {names!r}")


def _vision_config(hf: dict, prefix_of, clip_config: Optional[dict]) -> VisionConfig:
    reader, prefix = prefix_of("embeddings.patch_embedding.weight")
    patch = reader.get(prefix + "embeddings.patch_embedding.weight")
    positions = reader.get(prefix + "embeddings.position_embedding.weight").shape[0]
    hidden, patch_size = patch.shape[0], patch.shape[-1]
    image_size = int(round((positions - 1) ** 0.5)) * patch_size
    layers = 0
    while prefix + f"encoder.layers.{layers}.layer_norm1.weight" in reader:
        layers += 1
    fc1 = reader.get(prefix + "encoder.layers.0.mlp.fc1.weight")
    source = hf.get("vision_config") or clip_config or {}
    if "vision_config" in source:  # a full CLIPConfig rather than a CLIPVisionConfig
        source = source["vision_config"]
    heads = int(source.get("num_attention_heads", hidden // 64))
    return VisionConfig(image_size=image_size, patch_size=patch_size, hidden_size=hidden, num_layers=layers,
                        num_heads=heads, intermediate_size=fc1.shape[0],
                        layer_norm_eps=float(source.get("layer_norm_eps", 1e-5)),
                        select_layer=int(hf.get("mm_vision_select_layer", -2)))


def read_config(directory: str, reader: CheckpointReader, vision_reader: Optional[CheckpointReader] = None,
                clip_config: Optional[dict] = None, router_labels: Optional[List[str]] = None,
                top_k: Optional[int] = None, fit: Optional[str] = None, name: Optional[str] = None,
                version: str = "1") -> ModelConfig:
    """Builds the reference configuration from ``config.json`` and the tensor shapes."""
    with open(os.path.join(directory, "config.json"), encoding="utf-8") as src:
        hf = json.load(src)
    variant = _variant(hf)
    readers = [reader] + ([vision_reader] if vision_reader else [])

    def prefix_of(probe: str):
        for r in readers:
            prefix = _first_prefix(r, VISION_PREFIXES, probe)
            if prefix is not None:
                return r, prefix
        raise KeyError("no CLIP vision tower found (looked for " + ", ".join(VISION_PREFIXES) + ")")

    hidden = int(hf["hidden_size"])
    heads = int(hf["num_attention_heads"])
    head_dim = hidden // heads
    rotary_factor = float(hf.get("partial_rotary_factor", hf.get("rope_pct", 0.4 if variant == PHI2 else 0.25)))
    embed = reader.get("model.embed_tokens.weight")
    moe_hf = hf.get("moe") or {}
    layers_idx = [int(i) for i in moe_hf.get("moe_layers_idx") or []]
    experts = moe_hf.get("num_experts") or [4]
    experts = experts if isinstance(experts, list) else [experts]
    if len(set(experts)) != 1:
        raise ValueError(f"all MoE layers must have the same number of experts, got {experts}")
    num_experts = int(experts[0])
    eos = hf.get("eos_token_id", 50256 if variant == PHI2 else 100257)
    eos = eos[0] if isinstance(eos, list) else eos
    decoder = DecoderConfig(
        variant=variant, hidden_size=hidden, num_layers=int(hf["num_hidden_layers"]), num_heads=heads,
        head_dim=head_dim, intermediate_size=int(hf["intermediate_size"]), vocab_size=int(embed.shape[0]),
        max_positions=int(hf.get("max_position_embeddings", 2048)),
        rotary_dim=int(head_dim * rotary_factor),
        rope_theta=float(hf.get("rope_theta", hf.get("rotary_emb_base", 10000.0))),
        layer_norm_eps=float(hf.get("layer_norm_eps", hf.get("norm_eps", 1e-5))),
        qkv_bias="model.layers.0.self_attn.q_proj.bias" in reader,
        lm_head_bias="lm_head.bias" in reader)
    labels = router_labels or MoEConfig().router_labels
    moe = MoEConfig(layers=layers_idx, num_experts=num_experts,
                    top_k=int(top_k if top_k is not None else moe_hf.get("top_k_experts", 1)),
                    router_labels=list(labels))
    aspect = hf.get("image_aspect_ratio")
    image = ImageConfig(fit=fit or ("pad" if aspect == "pad" else "crop"))
    return ModelConfig(name=name or os.path.basename(os.path.normpath(directory)), version=version,
                       vision=_vision_config(hf, prefix_of, clip_config), decoder=decoder, moe=moe,
                       image=image, prompt=PromptConfig(eos_token_id=int(eos)))


def _mlp_names(variant: str) -> List[str]:
    return ["fc1", "fc2"] if variant == PHI2 else ["gate_proj", "up_proj", "down_proj"]


def checkpoint_key(cfg: ModelConfig, name: str, vision_prefix: str, projector_prefix: str) -> str:
    """Checkpoint key of a reference state-dict key."""
    phi = cfg.variant == PHI2
    if name.startswith("vision_tower."):
        rest = name[len("vision_tower."):]
        if rest == "class_embedding":
            return vision_prefix + "embeddings.class_embedding"
        if rest == "position_embedding":
            return vision_prefix + "embeddings.position_embedding.weight"
        if rest.startswith("patch_embedding."):
            return vision_prefix + "embeddings." + rest
        if rest.startswith("pre_layernorm."):
            return vision_prefix + "pre_layrnorm." + rest.split(".", 1)[1]
        return vision_prefix + "encoder." + rest
    if name.startswith("projector."):
        layer, param = name.split(".")[1:]
        return projector_prefix + {"fc1": "0", "fc2": "2"}[layer] + "." + param
    if name == "embed_tokens.weight":
        return "model.embed_tokens.weight"
    if name.startswith("decoder.final_layernorm."):
        return ("model.final_layernorm." if phi else "model.norm.") + name.rsplit(".", 1)[1]
    if name.startswith("decoder.lm_head."):
        return "lm_head." + name.rsplit(".", 1)[1]
    match = re.match(r"decoder\.layers\.(\d+)\.(.*)$", name)
    if not match:
        raise KeyError(f"no checkpoint name for {name}")
    layer, rest = match.groups()
    base = f"model.layers.{layer}."
    if rest.startswith("self_attn.o_proj."):
        return base + "self_attn." + ("dense." if phi else "o_proj.") + rest.rsplit(".", 1)[1]
    if rest.startswith("mlp.gate.router."):
        return base + "mlp.deepspeed_moe.gate.wg." + rest.rsplit(".", 1)[1]
    if rest.startswith("mlp.experts."):
        return base + "mlp.deepspeed_moe.experts.deepspeed_experts." + rest[len("mlp.experts."):]
    if rest.startswith("mlp.meta."):
        return base + "mlp.meta_moe." + rest[len("mlp.meta."):]
    return base + rest


def load_checkpoint(directory: str, vision_tower: Optional[str] = None, **config_overrides) -> MedMoE:
    """Builds a float32 reference model from a checkpoint directory.

    ``vision_tower``: a separate CLIP checkpoint directory, for checkpoints saved without the
    tower's weights. ``config_overrides`` go to :func:`read_config` (router_labels, top_k, fit,
    name, version).
    """
    reader = CheckpointReader(directory)
    vision_reader = CheckpointReader(vision_tower) if vision_tower else None
    clip_config = None
    if vision_tower and os.path.exists(os.path.join(vision_tower, "config.json")):
        with open(os.path.join(vision_tower, "config.json"), encoding="utf-8") as src:
            clip_config = json.load(src)
    cfg = read_config(directory, reader, vision_reader, clip_config, **config_overrides)
    model = MedMoE(cfg)
    vision_source, vision_prefix = reader, None
    for candidate in [reader] + ([vision_reader] if vision_reader else []):
        vision_prefix = _first_prefix(candidate, VISION_PREFIXES, "embeddings.patch_embedding.weight")
        if vision_prefix is not None:
            vision_source = candidate
            break
    projector_prefix = _first_prefix(reader, PROJECTOR_PREFIXES, "0.weight")
    if projector_prefix is None:
        raise KeyError("no mm_projector weights found")
    state = {}
    for name, param in model.state_dict().items():
        key = checkpoint_key(cfg, name, vision_prefix, projector_prefix)
        source = vision_source if name.startswith("vision_tower.") else reader
        value = source.get(key)
        if name == "vision_tower.position_embedding" and value.dim() == 3:
            value = value[0]
        if tuple(value.shape) != tuple(param.shape):
            raise ValueError(f"{key}: shape {tuple(value.shape)} does not fit {name} {tuple(param.shape)}")
        state[name] = value.to(param.dtype)
    model.load_state_dict(state)
    return model.eval()


def compare_router(model: MedMoE, router_file: str) -> float:
    """Largest absolute difference between every MoE layer's router and a released router file
    (a torch state dict with ``fc1.weight`` and ``fc1.bias``)."""
    released = torch.load(router_file, map_location="cpu")
    worst = 0.0
    for layer in model.decoder.layers:
        if layer.is_moe:
            router = layer.mlp.gate.router
            worst = max(worst, float((router.weight - released["fc1.weight"].float()).abs().max()),
                        float((router.bias - released["fc1.bias"].float()).abs().max()))
    return worst


def main(argv) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Print the reference configuration of a checkpoint")
    parser.add_argument("checkpoint")
    parser.add_argument("--vision-tower")
    args = parser.parse_args(argv)
    reader = CheckpointReader(args.checkpoint)
    vision_reader = CheckpointReader(args.vision_tower) if args.vision_tower else None
    clip_config = None
    if args.vision_tower and os.path.exists(os.path.join(args.vision_tower, "config.json")):
        with open(os.path.join(args.vision_tower, "config.json"), encoding="utf-8") as src:
            clip_config = json.load(src)
    cfg = read_config(args.checkpoint, reader, vision_reader, clip_config)
    print(json.dumps(cfg.to_dict(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
