"""The whole Med-MoE model: vision tower + projector, token embedding, MoE decoder."""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import torch
from torch import nn

from .config import ModelConfig
from .decoder import Decoder, KeyValue
from .vision import Projector, VisionTower


class MedMoE(nn.Module):
    """Reference implementation of the Med-MoE inference forward.

    The three parts map one-to-one onto the exported ONNX files: :meth:`encode_images`
    (``vision_encoder.onnx``), :meth:`embed` (``embed_tokens.onnx``) and :meth:`decode`
    (``decoder_model_merged.onnx``).
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.vision_tower = VisionTower(cfg.vision)
        self.projector = Projector(cfg.vision.hidden_size, cfg.decoder.hidden_size)
        self.embed_tokens = nn.Embedding(cfg.decoder.vocab_size, cfg.decoder.hidden_size)
        self.decoder = Decoder(cfg.decoder, cfg.moe)

    def encode_images(self, pixel_values: torch.Tensor) -> torch.Tensor:
        """``[B,3,S,S]`` -> ``[B,N_img,H]``."""
        return self.projector(self.vision_tower(pixel_values))

    def embed(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.embed_tokens(input_ids)

    def decode(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor, position_ids: torch.Tensor,
               past: Optional[Sequence[KeyValue]] = None
               ) -> Tuple[torch.Tensor, List[KeyValue], List[torch.Tensor]]:
        return self.decoder(inputs_embeds, attention_mask, position_ids, past)

    @staticmethod
    def init_weights(model: "MedMoE", seed: int, std: float = 0.02) -> "MedMoE":
        """Deterministic random initialisation (normal weights, zero biases, unit LayerNorms)."""
        gen = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            for name, param in model.named_parameters():
                if isinstance(_owner(model, name), nn.LayerNorm):
                    param.fill_(1.0 if name.endswith("weight") else 0.0)
                elif name.endswith("bias"):
                    param.zero_()
                else:
                    param.copy_(torch.randn(param.shape, generator=gen) * std)
        return model


def _owner(model: nn.Module, param_name: str) -> nn.Module:
    module = model
    for part in param_name.split(".")[:-1]:
        module = getattr(module, part)
    return module


def load_model(config_path: str, state_path: str) -> MedMoE:
    """Rebuilds a model from ``reference_config.json`` and ``reference_state.pt``."""
    cfg = ModelConfig.load(config_path)
    model = MedMoE(cfg)
    state = torch.load(state_path, map_location="cpu")
    model.load_state_dict(state)
    return model.eval()
