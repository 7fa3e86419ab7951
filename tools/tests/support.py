"""Shared helpers for the tools tests: import path and small models."""
import os
import sys

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if TOOLS not in sys.path:
    sys.path.insert(0, TOOLS)

REPO = os.path.dirname(TOOLS)
TINY_FIXTURE = os.path.join(REPO, "models", "tiny")

import torch  # noqa: E402

from medmoe_ref.config import tiny_config  # noqa: E402
from medmoe_ref.model import MedMoE  # noqa: E402


def small_model(variant: str = "phi2", top_k: int = 1, seed: int = 3, use_residual: bool = False) -> MedMoE:
    """A random tiny model with visible routing (larger weights than a training init)."""
    torch.set_num_threads(1)
    cfg = tiny_config(variant, vocab_size=40)
    cfg.moe.top_k = top_k
    cfg.moe.use_residual = use_residual
    model = MedMoE.init_weights(MedMoE(cfg), seed, std=0.08)
    gen = torch.Generator().manual_seed(seed + 100)
    with torch.no_grad():
        for layer in model.decoder.layers:
            if layer.is_moe:
                layer.mlp.gate.router.bias.copy_(torch.randn(cfg.moe.num_experts, generator=gen))
                if use_residual:
                    layer.mlp.coefficient.bias.copy_(torch.randn(2, generator=gen))
    return model.eval()
