"""Reference PyTorch implementation of the Med-MoE inference forward and its ONNX export.

Modules: :mod:`.config` (architecture), :mod:`.vision` (CLIP tower, projector),
:mod:`.decoder` (Phi-2 / StableLM decoders with MoE layers and KV cache), :mod:`.model`
(the assembled model), :mod:`.generation` (prompting, greedy decoding, scoring),
:mod:`.preprocess` (images), :mod:`.tokenizer`; the export: :mod:`.weights` (checkpoints read
tensor by tensor), :mod:`.layout` (the released checkpoints' names), :mod:`.graph` and
:mod:`.onnx_graphs` (the ONNX graphs written operator by operator), :mod:`.quantize` (MatMulNBits),
:mod:`.onnx_export` (the model directory and its manifest).
"""
from .config import ModelConfig, tiny_config
from .model import MedMoE, load_model

__all__ = ["ModelConfig", "MedMoE", "load_model", "tiny_config"]
