"""Configuration of a Med-MoE model (vision tower, projector, MoE decoder, pre-processing, prompt).

The configuration is a tree of plain dataclasses that round-trips through JSON
(``reference_config.json`` beside an exported model). It describes the architecture only;
weights live in a state dict whose keys are the attribute paths of :class:`medmoe_ref.MedMoE`.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import List, Optional

PHI2 = "phi2"
STABLELM = "stablelm"
VARIANTS = (PHI2, STABLELM)

CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
PAD_FILL = [122, 116, 104]

DEFAULT_TEMPLATE = (
    "A chat between a curious user and an artificial intelligence assistant. The assistant gives "
    "helpful, detailed, and polite answers to the user's questions. USER: <image>\n{question} ASSISTANT:"
)
DEFAULT_ROUTER_LABELS = ["CT", "MRI", "PATHOLOGY", "XRAY"]


@dataclass
class VisionConfig:
    """CLIP-style ViT. ``select_layer`` follows the reference's ``hidden_states[select_layer]``
    indexing, where index 0 is the embedding output and -1 the last encoder layer."""

    image_size: int = 336
    patch_size: int = 14
    hidden_size: int = 1024
    num_layers: int = 24
    num_heads: int = 16
    intermediate_size: int = 4096
    layer_norm_eps: float = 1e-5
    select_layer: int = -2

    @property
    def num_patches(self) -> int:
        return (self.image_size // self.patch_size) ** 2

    @property
    def layers_used(self) -> int:
        """Number of encoder layers that must run to reach ``hidden_states[select_layer]``."""
        index = self.select_layer if self.select_layer >= 0 else self.num_layers + 1 + self.select_layer
        if not 0 <= index <= self.num_layers:
            raise ValueError(f"vision.select_layer {self.select_layer} is out of range for {self.num_layers} layers")
        return index


@dataclass
class DecoderConfig:
    """Causal language model. ``variant`` picks the block structure (phi2: parallel, stablelm:
    sequential with SwiGLU)."""

    variant: str = PHI2
    hidden_size: int = 2560
    num_layers: int = 32
    num_heads: int = 32
    head_dim: int = 80
    intermediate_size: int = 10240
    vocab_size: int = 51200
    max_positions: int = 2048
    rotary_dim: int = 32
    rope_theta: float = 10000.0
    layer_norm_eps: float = 1e-5
    qkv_bias: bool = True
    lm_head_bias: bool = True

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"decoder.variant must be one of {VARIANTS}, got {self.variant!r}")
        if self.rotary_dim % 2 or self.rotary_dim > self.head_dim:
            raise ValueError("decoder.rotary_dim must be even and at most head_dim")


@dataclass
class MoEConfig:
    """Mixture-of-experts layers: a frozen linear modality router, ``num_experts`` routed experts
    and one always-on meta expert in each of ``layers``.

    ``use_residual``: DeepSpeed's Residual MoE (``moe.use_residual`` in the released config): the
    routed experts' sum is mixed with a dense MLP by a two-way softmax of a linear layer
    (``coefficient``) before the meta expert is added.
    """

    layers: List[int] = field(default_factory=list)
    num_experts: int = 4
    top_k: int = 1
    router_labels: List[str] = field(default_factory=lambda: list(DEFAULT_ROUTER_LABELS))
    use_residual: bool = False

    def __post_init__(self) -> None:
        if self.top_k not in (1, 2):
            raise ValueError(f"moe.top_k must be 1 or 2, got {self.top_k}")
        if len(self.router_labels) != self.num_experts:
            raise ValueError("moe.router_labels must name every expert")


@dataclass
class ImageConfig:
    """Pre-processing: shortest-side bicubic resize, then centre ``crop`` or ``pad`` to square."""

    resize: str = "shortest-side-bicubic"
    fit: str = "crop"
    pad_fill: List[int] = field(default_factory=lambda: list(PAD_FILL))
    mean: List[float] = field(default_factory=lambda: list(CLIP_MEAN))
    std: List[float] = field(default_factory=lambda: list(CLIP_STD))

    def __post_init__(self) -> None:
        if self.fit not in ("crop", "pad"):
            raise ValueError(f"image.fit must be 'crop' or 'pad', got {self.fit!r}")


@dataclass
class PromptConfig:
    template: str = DEFAULT_TEMPLATE
    image_token: str = "<image>"
    add_bos: bool = False
    eos_token: str = "<|endoftext|>"
    eos_token_id: int = 50256
    answer_prefix: str = " "


@dataclass
class ModelConfig:
    name: str = "medmoe"
    version: str = "0"
    vision: VisionConfig = field(default_factory=VisionConfig)
    decoder: DecoderConfig = field(default_factory=DecoderConfig)
    moe: MoEConfig = field(default_factory=MoEConfig)
    image: ImageConfig = field(default_factory=ImageConfig)
    prompt: PromptConfig = field(default_factory=PromptConfig)

    def __post_init__(self) -> None:
        for layer in self.moe.layers:
            if not 0 <= layer < self.decoder.num_layers:
                raise ValueError(f"moe layer {layer} is outside 0..{self.decoder.num_layers - 1}")
        if list(self.moe.layers) != sorted(set(self.moe.layers)):
            raise ValueError("moe.layers must be strictly increasing")

    @property
    def variant(self) -> str:
        return self.decoder.variant

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @staticmethod
    def from_dict(data: dict) -> "ModelConfig":
        return ModelConfig(
            name=data.get("name", "medmoe"),
            version=str(data.get("version", "0")),
            vision=VisionConfig(**data.get("vision", {})),
            decoder=DecoderConfig(**data.get("decoder", {})),
            moe=MoEConfig(**data.get("moe", {})),
            image=ImageConfig(**data.get("image", {})),
            prompt=PromptConfig(**data.get("prompt", {})),
        )

    def save(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(self.to_dict(), out, indent=2)
            out.write("\n")

    @staticmethod
    def load(path: str) -> "ModelConfig":
        with open(path, encoding="utf-8") as src:
            return ModelConfig.from_dict(json.load(src))


def every_other_layer(num_layers: int) -> List[int]:
    """The released models' MoE placement: every other decoder layer starting at 0."""
    return list(range(0, num_layers, 2))


def tiny_config(variant: str = PHI2, vocab_size: int = 64, eos_token_id: int = 0,
                name: Optional[str] = None) -> ModelConfig:
    """A small model of the released architecture, used for fixtures and tests."""
    stablelm = variant == STABLELM
    return ModelConfig(
        name=name or f"medmoe-tiny-{variant}",
        version="1",
        vision=VisionConfig(image_size=64, patch_size=8, hidden_size=64, num_layers=3, num_heads=4,
                            intermediate_size=128),
        decoder=DecoderConfig(variant=variant, hidden_size=64, num_layers=4, num_heads=4, head_dim=16,
                              intermediate_size=128, vocab_size=vocab_size, max_positions=512,
                              rotary_dim=4 if stablelm else 8, qkv_bias=True, lm_head_bias=not stablelm),
        moe=MoEConfig(layers=every_other_layer(4), num_experts=4, top_k=1),
        prompt=PromptConfig(eos_token_id=eos_token_id),
    )
