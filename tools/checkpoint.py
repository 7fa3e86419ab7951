#!/usr/bin/python3
"""Reads released Med-MoE / MoE-LLaVA checkpoints (Hugging Face layout) for the exporter.

A checkpoint directory holds ``config.json``, the weights (``model.safetensors`` or sharded
``model-0000k-of-0000n.safetensors`` with ``model.safetensors.index.json``, else
``pytorch_model*.bin``), and the tokenizer files. Tensors are read one at a time
(``medmoe_ref.weights``); nothing here loads a whole checkpoint unless :func:`load_checkpoint`
is asked to build the float32 reference model (small models, tests, ``--with-reference``).

The key names are listed, with where each comes from, in ``tools/checkpoint-layouts/*.tsv``;
:func:`checkpoint_key` is this loader's own mapping and the tests hold it against those lists.

Config fields read: ``model_type``/``architectures`` (phi or stablelm), ``hidden_size``,
``num_hidden_layers``, ``num_attention_heads``, ``num_key_value_heads`` (must equal the heads),
``intermediate_size``, ``max_position_embeddings``, ``partial_rotary_factor`` or ``rope_pct``,
``rope_theta`` or ``rotary_emb_base``, ``layer_norm_eps`` or ``norm_eps``, ``hidden_act``,
``eos_token_id`` (null in the Phi2 release: then the tokenizer's end-of-text token),
``mm_vision_select_layer``, ``mm_vision_select_feature``, ``image_aspect_ratio``,
``image_projector_type`` and ``moe.{moe_layers_idx, num_experts, top_k_experts, use_residual}``.
The vocabulary size is the embedding's row count (the release pads it beyond the tokenizer). The
vision tower's sizes come from ``vision_config`` when present (the release has none), else from a
CLIP ``config.json`` given separately, else from the tensor shapes with CLIP's 64-dimensional heads.

Run as a script, it prints the reference configuration derived from a checkpoint (reading only
``config.json``, the tokenizer files and tensor headers)::

    /usr/bin/python3 tools/checkpoint.py CKPT_DIR [--vision-tower CLIP_DIR]
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from typing import List, Optional, Tuple

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from medmoe_ref.config import (PHI2, STABLELM, DecoderConfig, ImageConfig, ModelConfig, MoEConfig,  # noqa: E402
                               PromptConfig, VisionConfig)
from medmoe_ref.model import MedMoE  # noqa: E402
from medmoe_ref.tiktoken_bpe import SPECIAL_TOKENS as ARCADE100K_SPECIAL_TOKENS  # noqa: E402
from medmoe_ref.weights import CheckpointError, CheckpointReader, TorchBinFile, first_present  # noqa: E402

VISION_PREFIXES = (
    "model.image_tower.image_tower.vision_model.",
    "model.vision_tower.vision_tower.vision_model.",
    "vision_model.",
)
PROJECTOR_PREFIXES = ("model.mm_projector.image_spatial_proj.", "model.mm_projector.")
SUPPORTED_PROJECTOR = "mlp2x_gelu"


def read_hf_config(directory: str) -> dict:
    path = os.path.join(directory, "config.json")
    if not os.path.exists(path):
        raise CheckpointError(f"{directory} has no config.json")
    with open(path, encoding="utf-8") as src:
        return json.load(src)


def _variant(hf: dict) -> str:
    names = " ".join([str(hf.get("model_type", ""))] + list(hf.get("architectures") or [])).lower()
    if "stablelm" in names:
        return STABLELM
    if "phi" in names:
        return PHI2
    raise CheckpointError(f"cannot tell phi from stablelm in model_type/architectures: {names!r}")


def _token_id(value) -> Optional[int]:
    if isinstance(value, list):
        value = value[0] if value else None
    return int(value) if isinstance(value, int) else None


def tokenizer_eos(directory: str) -> Optional[Tuple[str, int]]:
    """The end-of-text token and its id from the tokenizer files of a checkpoint, or None.

    The token is ``eos_token`` of ``special_tokens_map.json`` / ``tokenizer_config.json``
    (``<|endoftext|>`` when neither says); its id comes from ``added_tokens.json``,
    ``added_tokens_decoder``, ``vocab.json``, ``tokenizer.json``, or Arcade100k's special tokens
    (numbered from 100257 as ``tokenization_arcade100k.py`` does, whatever the ``.tiktoken`` ranks).
    """
    def load(name):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as src:
                return json.load(src)
        return None

    token = None
    for doc in (load("special_tokens_map.json"), load("tokenizer_config.json")):
        value = (doc or {}).get("eos_token")
        if isinstance(value, dict):
            value = value.get("content")
        if isinstance(value, str):
            token = value
            break
    token = token or "<|endoftext|>"
    added = load("added_tokens.json") or {}
    if token in added:
        return token, int(added[token])
    decoder = (load("tokenizer_config.json") or {}).get("added_tokens_decoder") or {}
    for index, entry in decoder.items():
        if isinstance(entry, dict) and entry.get("content") == token:
            return token, int(index)
    vocab = load("vocab.json") or {}
    if token in vocab:
        return token, int(vocab[token])
    spec = load("tokenizer.json")
    if spec:
        for entry in spec.get("added_tokens") or []:
            if entry.get("content") == token:
                return token, int(entry["id"])
        model_vocab = (spec.get("model") or {}).get("vocab")
        if isinstance(model_vocab, dict) and token in model_vocab:
            return token, int(model_vocab[token])
    tiktoken = [n for n in os.listdir(directory) if n.endswith(".tiktoken")] if os.path.isdir(directory) else []
    if len(tiktoken) == 1 and token in ARCADE100K_SPECIAL_TOKENS:
        return token, ARCADE100K_SPECIAL_TOKENS[token]
    return None


def _vision_config(hf: dict, reader: CheckpointReader, prefix: str, clip_config: Optional[dict]) -> VisionConfig:
    patch = reader.shape(prefix + "embeddings.patch_embedding.weight")
    positions = reader.shape(prefix + "embeddings.position_embedding.weight")
    positions = positions[-2]  # [N, D] or [1, N, D]
    hidden, patch_size = patch[0], patch[-1]
    image_size = int(round((positions - 1) ** 0.5)) * patch_size
    layers = 0
    while prefix + f"encoder.layers.{layers}.layer_norm1.weight" in reader:
        layers += 1
    source = hf.get("vision_config") or clip_config or {}
    if "vision_config" in source:  # a full CLIPConfig rather than a CLIPVisionConfig
        source = source["vision_config"]
    heads = int(source.get("num_attention_heads", hidden // 64))
    mm_hidden = hf.get("mm_hidden_size")
    if mm_hidden is not None and int(mm_hidden) != hidden:
        raise CheckpointError(f"config.json says mm_hidden_size {mm_hidden}, the CLIP tower is {hidden} wide")
    if hf.get("mm_vision_select_feature", "patch") != "patch":
        raise CheckpointError(f"mm_vision_select_feature {hf['mm_vision_select_feature']!r} is not supported "
                              "(only 'patch': the class token dropped)")
    return VisionConfig(image_size=image_size, patch_size=patch_size, hidden_size=hidden, num_layers=layers,
                        num_heads=heads, intermediate_size=reader.shape(prefix + "encoder.layers.0.mlp.fc1.weight")[0],
                        layer_norm_eps=float(source.get("layer_norm_eps", 1e-5)),
                        select_layer=int(hf.get("mm_vision_select_layer", -2)))


def _check_decoder_settings(hf: dict, variant: str, heads: int) -> None:
    kv_heads = hf.get("num_key_value_heads")
    if kv_heads is not None and int(kv_heads) != heads:
        raise CheckpointError(f"num_key_value_heads {kv_heads} differs from num_attention_heads {heads}: "
                              "grouped-query attention is not in the released models and not supported")
    if hf.get("rope_scaling"):
        raise CheckpointError(f"rope_scaling {hf['rope_scaling']!r} is not supported (the releases have none)")
    if hf.get("qk_layernorm"):
        raise CheckpointError("qk_layernorm is not supported (Phi-2 has none)")
    act = hf.get("hidden_act")
    expected = "gelu_new" if variant == PHI2 else "silu"
    if act is not None and act != expected:
        raise CheckpointError(f"hidden_act {act!r} does not fit the {variant} block (expected {expected!r})")
    projector = hf.get("image_projector_type", hf.get("mm_projector_type", SUPPORTED_PROJECTOR))
    if projector != SUPPORTED_PROJECTOR:
        raise CheckpointError(f"image_projector_type {projector!r} is not supported (only {SUPPORTED_PROJECTOR})")


def read_config(directory: str, reader: CheckpointReader, vision_reader: Optional[CheckpointReader] = None,
                clip_config: Optional[dict] = None, router_labels: Optional[List[str]] = None,
                top_k: Optional[int] = None, fit: Optional[str] = None, name: Optional[str] = None,
                version: str = "1", tokenizer_dir: Optional[str] = None) -> ModelConfig:
    """Builds the reference configuration from ``config.json``, tensor shapes and the tokenizer."""
    hf = read_hf_config(directory)
    variant = _variant(hf)
    hidden = int(hf["hidden_size"])
    heads = int(hf["num_attention_heads"])
    _check_decoder_settings(hf, variant, heads)
    head_dim = hidden // heads
    rotary_factor = float(hf.get("partial_rotary_factor", hf.get("rope_pct", 0.4 if variant == PHI2 else 0.25)))
    vision_source, vision_prefix = _find_vision(reader, vision_reader)
    moe_hf = hf.get("moe") or {}
    layers_idx = [int(i) for i in moe_hf.get("moe_layers_idx") or []]
    experts = moe_hf.get("num_experts") or [4]
    experts = experts if isinstance(experts, list) else [experts]
    if len(set(experts)) != 1:
        raise CheckpointError(f"all MoE layers must have the same number of experts, got {experts}")
    eos = _token_id(hf.get("eos_token_id"))
    eos_token = "<|endoftext|>"
    found = tokenizer_eos(tokenizer_dir or directory)
    if found is not None:
        eos_token, tokenizer_eos_id = found
        eos = tokenizer_eos_id if eos is None else eos
    if eos is None:
        raise CheckpointError("config.json has no eos_token_id and the tokenizer files name no end-of-text "
                              "token: pass the tokenizer directory")
    vocab_rows = reader.shape("model.embed_tokens.weight")[0]
    decoder = DecoderConfig(
        variant=variant, hidden_size=hidden, num_layers=int(hf["num_hidden_layers"]), num_heads=heads,
        head_dim=head_dim, intermediate_size=int(hf["intermediate_size"]), vocab_size=int(vocab_rows),
        max_positions=int(hf.get("max_position_embeddings", 2048)),
        rotary_dim=int(head_dim * rotary_factor),
        rope_theta=float(hf.get("rope_theta", hf.get("rotary_emb_base", 10000.0))),
        layer_norm_eps=float(hf.get("layer_norm_eps", hf.get("norm_eps", 1e-5))),
        qkv_bias="model.layers.0.self_attn.q_proj.bias" in reader,
        lm_head_bias="lm_head.bias" in reader)
    labels = router_labels or MoEConfig().router_labels
    moe = MoEConfig(layers=layers_idx, num_experts=int(experts[0]),
                    top_k=int(top_k if top_k is not None else moe_hf.get("top_k_experts", 1)),
                    router_labels=list(labels), use_residual=bool(moe_hf.get("use_residual", False)))
    aspect = hf.get("image_aspect_ratio")
    image = ImageConfig(fit=fit or ("pad" if aspect == "pad" else "crop"))
    return ModelConfig(name=name or os.path.basename(os.path.normpath(directory)), version=version,
                       vision=_vision_config(hf, vision_source, vision_prefix, clip_config), decoder=decoder, moe=moe,
                       image=image, prompt=PromptConfig(eos_token=eos_token, eos_token_id=int(eos)))


def _find_vision(reader: CheckpointReader, vision_reader: Optional[CheckpointReader]):
    for candidate in [reader] + ([vision_reader] if vision_reader else []):
        for prefix in VISION_PREFIXES:
            if prefix + "embeddings.patch_embedding.weight" in candidate:
                return candidate, prefix
    raise CheckpointError("no CLIP vision tower found (looked for " + ", ".join(VISION_PREFIXES)
                          + "): pass --vision-tower with the openai/clip-vit-large-patch14-336 directory")


def _mlp_names(variant: str) -> List[str]:
    return ["fc1", "fc2"] if variant == PHI2 else ["gate_proj", "up_proj", "down_proj"]


def checkpoint_key(cfg: ModelConfig, name: str, vision_prefix: str, projector_prefix: str) -> str:
    """Checkpoint key of a reference state-dict key (the residual MLP: see :class:`CheckpointSource`)."""
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
    if rest.startswith("mlp.residual."):
        return base + "mlp.mlp." + rest[len("mlp.residual."):]
    return base + rest


class CheckpointSource:
    """Reference-model tensors (float32 numpy, in the reference's shapes) read from a checkpoint
    one at a time: what the streaming exporter consumes."""

    def __init__(self, directory: str, cfg: ModelConfig, reader: CheckpointReader,
                 vision_reader: Optional[CheckpointReader] = None) -> None:
        self.directory = directory
        self.cfg = cfg
        self.reader = reader
        self.vision_source, self.vision_prefix = _find_vision(reader, vision_reader)
        self.projector_prefix = first_present(reader, [p + "0.weight" for p in PROJECTOR_PREFIXES])
        if self.projector_prefix is None:
            raise CheckpointError("no mm_projector weights found (looked for "
                                  + ", ".join(p + "0.weight" for p in PROJECTOR_PREFIXES) + ")")
        self.projector_prefix = self.projector_prefix[:-len("0.weight")]
        self.residual_shared = False

    def key(self, name: str) -> Tuple[CheckpointReader, str]:
        key = checkpoint_key(self.cfg, name, self.vision_prefix, self.projector_prefix)
        source = self.vision_source if name.startswith("vision_tower.") else self.reader
        if ".mlp.residual." in name and key not in source:
            # The release's residual MLP is the meta expert's module; safetensors keep it once.
            self.residual_shared = True
            key = key.replace(".mlp.mlp.", ".mlp.meta_moe.")
        return source, key

    def get(self, name: str, shape: Optional[Tuple[int, ...]] = None) -> np.ndarray:
        source, key = self.key(name)
        value = source.read(key)
        if name == "vision_tower.position_embedding" and value.ndim == 3:
            value = value[0]
        if shape is not None and tuple(value.shape) != tuple(shape):
            raise CheckpointError(f"{key}: shape {tuple(value.shape)} does not fit {name} {tuple(shape)}")
        return value

    def largest_file_bytes(self) -> int:
        return self.reader.largest_file_bytes()


def open_checkpoint(directory: str, vision_tower: Optional[str] = None, **config_overrides
                    ) -> Tuple[ModelConfig, CheckpointSource]:
    """The configuration and a tensor source of a checkpoint directory, reading no weights.

    ``vision_tower``: a separate CLIP checkpoint directory, for checkpoints saved without the
    tower's weights. ``config_overrides`` go to :func:`read_config`.
    """
    reader = CheckpointReader(directory)
    vision_reader = CheckpointReader(vision_tower) if vision_tower else None
    clip_config = None
    if vision_tower and os.path.exists(os.path.join(vision_tower, "config.json")):
        with open(os.path.join(vision_tower, "config.json"), encoding="utf-8") as src:
            clip_config = json.load(src)
    cfg = read_config(directory, reader, vision_reader, clip_config, **config_overrides)
    return cfg, CheckpointSource(directory, cfg, reader, vision_reader)


@contextlib.contextmanager
def _no_init():
    """Module constructors skip their random initialisation (every weight is overwritten next)."""
    classes = (torch.nn.Linear, torch.nn.Embedding, torch.nn.LayerNorm, torch.nn.Conv2d)
    saved = [(cls, cls.reset_parameters) for cls in classes]
    try:
        for cls in classes:
            cls.reset_parameters = lambda self: None
        yield
    finally:
        for cls, method in saved:
            cls.reset_parameters = method


@torch.no_grad()
def load_checkpoint(directory: str, vision_tower: Optional[str] = None, **config_overrides) -> MedMoE:
    """The whole float32 reference model of a checkpoint. It holds every weight in memory (13 GB for
    StableLM, 26 GB for Phi2), each copied into place as it is read, without a second copy."""
    cfg, source = open_checkpoint(directory, vision_tower, **config_overrides)
    with _no_init():
        model = MedMoE(cfg)
    for name, tensor in model.state_dict().items():
        tensor.copy_(torch.from_numpy(source.get(name, tuple(tensor.shape))))
    return model.eval()


def compare_router(cfg: ModelConfig, source: CheckpointSource, router_file: str) -> float:
    """Largest absolute difference between every MoE layer's router and a released router file
    (a torch state dict with ``fc1.weight`` and ``fc1.bias``, read without unpickling code)."""
    released = TorchBinFile(router_file)
    weight, bias = released.read("fc1.weight"), released.read("fc1.bias")
    worst = 0.0
    for layer in cfg.moe.layers:
        prefix = f"decoder.layers.{layer}.mlp.gate.router."
        worst = max(worst, float(np.abs(source.get(prefix + "weight") - weight).max()),
                    float(np.abs(source.get(prefix + "bias") - bias).max()))
    return worst


def main(argv) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Print the reference configuration of a checkpoint")
    parser.add_argument("checkpoint")
    parser.add_argument("--vision-tower")
    args = parser.parse_args(argv)
    cfg, source = open_checkpoint(args.checkpoint, args.vision_tower)
    doc = cfg.to_dict()
    doc["checkpoint"] = {"format": source.reader.kind(), "files": [os.path.basename(f) for f in source.reader.files],
                         "largestFileBytes": source.largest_file_bytes()}
    print(json.dumps(doc, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
