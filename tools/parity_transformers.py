#!/usr/bin/env python3
"""The PyTorch reference against Hugging Face ``transformers``, at the released dimensions.

Needs a Python with ``torch`` and ``transformers`` (neither is used anywhere else in the project;
Debian's packages have no ``transformers``) and, for the real dimensions in reasonable time, a CUDA
GPU. For each variant it builds transformers' own modules with random weights, copies the same
weights into the project's reference model (``tools/medmoe_ref``) through the loader's key mapping
(``tools/checkpoint.py``), and compares:

* ``CLIPVisionModel`` (ViT-L/14 at 336 px): ``hidden_states[-2]`` without the class token against
  the reference's vision tower;
* ``PhiForCausalLM`` (phi-2: 2560 wide, 32 layers, partial rotary 32/80) and
  ``StableLmForCausalLM`` (stablelm-2-1.6b: 2048 wide, 24 layers, SwiGLU, rotary 16/64, q/k/v bias)
  with no MoE layer: the logits of a prompt (largest absolute difference), and greedy tokens, the
  reference decoding with its KV cache and transformers recomputing the whole sequence each step;
* the names and shapes of transformers' state dicts against the release layouts written down in
  ``tools/checkpoint-layouts/`` (dense layers, vision tower).

The MoE layers (router, experts, meta expert, residual MoE) have no counterpart in transformers;
``tools/tests/test_moe.py`` checks them against the Med-MoE rule computed token by token.

Arithmetic is float32 with TF32 off. The weights are seeded random values of the script's own
(LayerNorm scales and biases away from ones and zeros, so that a mix-up of two of them shows). Prints one JSON
report (also written to ``--out``)::

    python3 tools/parity_transformers.py [--variants phi2,stablelm] [--device cuda] [--tokens 24]
        [--prompt 96] [--layers N] [--out report.json]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from typing import Dict, List, Optional

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checkpoint import VISION_PREFIXES, checkpoint_key  # noqa: E402
from medmoe_ref import layout  # noqa: E402
from medmoe_ref.config import PHI2, STABLELM, DecoderConfig, ModelConfig, MoEConfig, VisionConfig  # noqa: E402
from medmoe_ref.generation import greedy_generate  # noqa: E402
from medmoe_ref.model import MedMoE  # noqa: E402
from medmoe_ref.vision import VisionTower  # noqa: E402

HF_VISION_PREFIX = VISION_PREFIXES[2]  # "vision_model."
RELEASE_VISION_PREFIX = VISION_PREFIXES[0]


def released_dims(variant: str, layers: Optional[int]) -> Dict[str, object]:
    if variant == PHI2:
        d = dict(hidden=2560, inter=10240, layers=32, heads=32, vocab=51200, rotary=0.4, max_pos=2048)
    else:
        d = dict(hidden=2048, inter=5632, layers=24, heads=32, vocab=100352, rotary=0.25, max_pos=4096)
    if layers:
        d["layers"] = layers
    return d


def build(factory, device: str):
    """``factory()`` created directly on ``device`` (torch >= 2), else created and moved."""
    try:
        with torch.device(device):
            return factory()
    except TypeError:  # torch < 2: a device is not a context manager
        return factory().to(device)


def set_eager(config) -> None:
    try:
        config._attn_implementation = "eager"
    except Exception:  # noqa: BLE001 - older/newer transformers spell it differently
        setattr(config, "attn_implementation", "eager")


def hf_decoder(variant: str, d: Dict[str, object], device: str):
    import transformers

    common = dict(vocab_size=d["vocab"], hidden_size=d["hidden"], intermediate_size=d["inter"],
                  num_hidden_layers=d["layers"], num_attention_heads=d["heads"], num_key_value_heads=d["heads"],
                  max_position_embeddings=d["max_pos"], layer_norm_eps=1e-5, rope_theta=10000.0,
                  partial_rotary_factor=d["rotary"], tie_word_embeddings=False, qk_layernorm=False)
    if variant == PHI2:
        config = transformers.PhiConfig(hidden_act="gelu_new", **common)
        cls = transformers.PhiForCausalLM
    else:
        config = transformers.StableLmConfig(hidden_act="silu", use_qkv_bias=True, use_parallel_residual=False, **common)
        cls = transformers.StableLmForCausalLM
    set_eager(config)
    return build(lambda: cls(config), device).eval()


def hf_vision(device: str):
    import transformers

    config = transformers.CLIPVisionConfig(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24,
                                           num_attention_heads=16, image_size=336, patch_size=14,
                                           hidden_act="quick_gelu", layer_norm_eps=1e-5, projection_dim=768)
    set_eager(config)
    return build(lambda: transformers.CLIPVisionModel(config), device).eval()


@torch.no_grad()
def randomise(model: torch.nn.Module, seed: int) -> None:
    """Seeded weights of our own, whatever transformers' initialisation does: normal weights (0.02),
    LayerNorm scales near 1 and biases near 0 but not equal to them, so that swaps show."""
    gen = torch.Generator(device=next(model.parameters()).device).manual_seed(seed)
    norms = {name + ".weight" for name, module in model.named_modules() if isinstance(module, torch.nn.LayerNorm)}
    for name, param in model.named_parameters():
        leaf = name.rsplit(".", 1)[-1]
        noise = torch.randn(param.shape, generator=gen, device=param.device, dtype=param.dtype)
        if name in norms:
            param.copy_(1.0 + 0.05 * noise)
        elif leaf == "bias" or leaf == "class_embedding":
            param.copy_(0.05 * noise)
        else:
            param.copy_(0.02 * noise)


def reference_config(variant: str, d: Dict[str, object], lm_head_bias: bool) -> ModelConfig:
    head_dim = d["hidden"] // d["heads"]
    decoder = DecoderConfig(variant=variant, hidden_size=d["hidden"], num_layers=d["layers"], num_heads=d["heads"],
                            head_dim=head_dim, intermediate_size=d["inter"], vocab_size=d["vocab"],
                            max_positions=d["max_pos"], rotary_dim=int(head_dim * d["rotary"]), qkv_bias=True,
                            lm_head_bias=lm_head_bias)
    return ModelConfig(name=f"parity-{variant}", vision=VisionConfig(), decoder=decoder,
                       moe=MoEConfig(layers=[], num_experts=4))


ALIASES = {".self_attn.dense.": ".self_attn.o_proj.", ".self_attn.o_proj.": ".self_attn.dense.",
           "model.final_layernorm.": "model.norm.", "model.norm.": "model.final_layernorm.",
           "pre_layrnorm.": "pre_layernorm."}


def hf_key(release_key: str, hf_state: Dict[str, torch.Tensor]) -> str:
    if release_key in hf_state:
        return release_key
    for old, new in ALIASES.items():
        if old in release_key and release_key.replace(old, new) in hf_state:
            return release_key.replace(old, new)
    raise KeyError(f"{release_key}: no such transformers name; some of its names: {sorted(hf_state)[:12]}")


@torch.no_grad()
def load_decoder_from_hf(cfg: ModelConfig, hf_state: Dict[str, torch.Tensor], device: str):
    """The reference model whose decoder and embedding hold transformers' weights, copied through the
    loader's key mapping (its vision tower keeps random weights: it is not compared here)."""
    model = build(lambda: MedMoE(cfg), device)
    used = set()
    for name, param in model.state_dict().items():
        if not (name.startswith("decoder.") or name == "embed_tokens.weight"):
            continue
        key = hf_key(checkpoint_key(cfg, name, RELEASE_VISION_PREFIX, ""), hf_state)
        param.copy_(hf_state[key])
        used.add(key)
    return model.eval(), used


def vision_prefix(hf_state: Dict[str, torch.Tensor]) -> str:
    """The prefix of transformers' CLIP names ("vision_model." in the versions read; found, not assumed)."""
    probe = "embeddings.patch_embedding.weight"
    for key in hf_state:
        if key.endswith(probe):
            return key[:-len(probe)]
    raise KeyError(f"no {probe} among {sorted(hf_state)[:8]}...")


@torch.no_grad()
def load_vision_from_hf(cfg: ModelConfig, hf_state: Dict[str, torch.Tensor], device: str):
    tower = build(lambda: VisionTower(cfg.vision), device)
    used = set()
    prefix = vision_prefix(hf_state)
    for name, param in tower.state_dict().items():
        key = hf_key(checkpoint_key(cfg, "vision_tower." + name, prefix, ""), hf_state)
        value = hf_state[key]
        if name == "position_embedding" and value.dim() == 3:
            value = value[0]
        param.copy_(value)
        used.add(key)
    return tower.eval(), used


def layout_names(variant: str, d: Dict[str, object], vision: bool, hf_vision_prefix: str = HF_VISION_PREFIX
                 ) -> Dict[str, tuple]:
    dims = layout.Dims(hidden=d["hidden"], inter=d["inter"], vocab=d["vocab"], layers=d["layers"], moe_layers=(),
                       experts=4, vhidden=1024, vinter=4096, vlayers=24, patch=14, image_size=336)
    out = {}
    for row in layout.expand(variant, dims):
        if row.name.startswith("model.mm_projector."):
            continue
        is_vision = row.name.startswith(RELEASE_VISION_PREFIX)
        if vision != is_vision:
            continue
        name = hf_vision_prefix + row.name[len(RELEASE_VISION_PREFIX):] if is_vision else row.name
        out[name] = row.shape
    return out


def compare_names(expected: Dict[str, tuple], hf_state: Dict[str, torch.Tensor]) -> Dict[str, object]:
    actual = {k: tuple(v.shape) for k, v in hf_state.items() if not k.endswith(("inv_freq", "position_ids"))}
    shapes = sorted(k for k in expected if k in actual and tuple(expected[k]) != actual[k])
    return {"layoutNames": len(expected), "transformersNames": len(actual),
            "onlyInLayout": sorted(set(expected) - set(actual))[:20],
            "onlyInTransformers": sorted(set(actual) - set(expected))[:20],
            "shapeMismatches": shapes[:20]}


@torch.no_grad()
def vision_parity(device: str) -> dict:
    started = time.time()
    hf = hf_vision(device)
    randomise(hf, 11)
    state = hf.state_dict()
    cfg = ModelConfig()
    tower, used = load_vision_from_hf(cfg, state, device)
    pixels = torch.randn(2, 3, 336, 336, generator=torch.Generator(device="cpu").manual_seed(3)).to(device)
    theirs = hf(pixel_values=pixels, output_hidden_states=True).hidden_states[-2][:, 1:]
    ours = tower(pixels)
    report = {"shape": list(ours.shape), "maxAbsDiff": float((ours - theirs).abs().max()),
              "maxAbs": float(theirs.abs().max()), "transformersPrefix": vision_prefix(state),
              "names": compare_names(layout_names(PHI2, released_dims(PHI2, None), True, vision_prefix(state)), state),
              "unusedTransformersTensors": sorted(set(state) - used - {k for k in state if "position_ids" in k})[:10],
              "seconds": round(time.time() - started, 1)}
    del hf, tower
    return report


@torch.no_grad()
def decoder_parity(variant: str, d: Dict[str, object], device: str, prompt: int, tokens: int) -> dict:
    started = time.time()
    hf = hf_decoder(variant, d, device)
    randomise(hf, 5)
    state = hf.state_dict()
    report: Dict[str, object] = {"names": compare_names(layout_names(variant, d, False), state)}
    cfg = reference_config(variant, d, lm_head_bias="lm_head.bias" in state)
    model, used = load_decoder_from_hf(cfg, state, device)
    report["unusedTransformersTensors"] = sorted(set(state) - used)[:10]
    report["lmHeadBias"] = cfg.decoder.lm_head_bias
    gen = torch.Generator(device="cpu").manual_seed(7)
    ids = torch.randint(0, d["vocab"], (2, prompt), generator=gen).to(device)
    theirs = hf(input_ids=ids, use_cache=False).logits.float()
    mask = torch.ones(2, prompt, dtype=torch.long, device=device)
    positions = torch.arange(prompt, device=device).unsqueeze(0).expand(2, -1)
    ours, _, _ = model.decode(model.embed(ids), mask, positions)
    diff = (ours - theirs).abs()
    report["logits"] = {"shape": list(ours.shape), "maxAbsDiff": float(diff.max()),
                        "meanAbsDiff": float(diff.mean()), "maxAbs": float(theirs.abs().max())}
    # Greedy: the reference with its KV cache, transformers recomputing the whole sequence.
    ours_tokens = greedy_generate(model, model.embed(ids[:1]), tokens, eos_token_id=-1).tokens
    seq, theirs_tokens, margins = ids[:1], [], []
    for _ in range(tokens):
        logits = hf(input_ids=seq, use_cache=False).logits[0, -1].float()
        top = torch.topk(logits, 2)
        margins.append(float(top.values[0] - top.values[1]))
        theirs_tokens.append(int(top.indices[0]))
        seq = torch.cat([seq, top.indices[:1].view(1, 1)], dim=1)
    report["greedy"] = {"identical": ours_tokens == theirs_tokens, "reference": ours_tokens,
                        "transformers": theirs_tokens, "smallestTop2Margin": min(margins)}
    report["seconds"] = round(time.time() - started, 1)
    del hf, model
    return report


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description="PyTorch reference vs transformers at the released dimensions")
    p.add_argument("--variants", default="phi2,stablelm")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--prompt", type=int, default=96, help="prompt tokens for the logits comparison")
    p.add_argument("--tokens", type=int, default=24, help="greedy tokens")
    p.add_argument("--layers", type=int, help="decoder layers (default: the released count)")
    p.add_argument("--skip-vision", action="store_true")
    p.add_argument("--out")
    args = p.parse_args(argv)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    import transformers

    report: Dict[str, object] = {"torch": torch.__version__, "transformers": transformers.__version__,
                                 "device": args.device, "dtype": "float32"}
    if args.device.startswith("cuda"):
        report["gpu"] = torch.cuda.get_device_name(0)
    if not args.skip_vision:
        try:
            report["clipVision"] = vision_parity(args.device)
        except Exception as exc:  # noqa: BLE001 - report and go on with the decoders
            report["clipVision"] = {"error": repr(exc), "trace": traceback.format_exc()[-2000:]}
    for variant in args.variants.split(","):
        d = released_dims(variant, args.layers)
        try:
            report[variant] = {"dims": d, **decoder_parity(variant, d, args.device, args.prompt, args.tokens)}
        except Exception as exc:  # noqa: BLE001
            report[variant] = {"dims": d, "error": repr(exc), "trace": traceback.format_exc()[-2000:]}
        if args.device.startswith("cuda"):
            torch.cuda.empty_cache()
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
