"""Reference PyTorch implementation of the Med-MoE inference forward and its ONNX export.

Modules: :mod:`.config` (architecture), :mod:`.vision` (CLIP tower, projector),
:mod:`.decoder` (Phi-2 / StableLM decoders with MoE layers and KV cache), :mod:`.model`
(the assembled model), :mod:`.generation` (prompting, greedy decoding, scoring),
:mod:`.preprocess` (images), :mod:`.tokenizer`, :mod:`.onnx_export` (three-file split and
manifest), :mod:`.fp16` (float16 conversion that keeps the router in float32).
"""
from .config import ModelConfig, tiny_config
from .model import MedMoE, load_model

__all__ = ["ModelConfig", "MedMoE", "load_model", "tiny_config"]
