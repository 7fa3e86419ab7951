"""Weight-only quantization to ONNX Runtime's ``MatMulNBits`` (com.microsoft) layout.

A linear layer's weight ``W [N, K]`` (output features by input features, as PyTorch stores it) is
cut along ``K`` into blocks of ``block_size``; each block gets one float32 scale and no stored
zero point, so the runtime uses the op's default ``2^(bits-1)``::

    scale = max |W[n, block]| / (2^(bits-1) - 1)             (1 for an all-zero block)
    q     = clip(round(W / scale) + 2^(bits-1), 0, 2^bits - 1)
    W'    = (q - 2^(bits-1)) * scale                         (what the graph computes with)

Packing: ``B [N, k_blocks, block_size * bits / 8]`` uint8; 4-bit values two to a byte, the even
``k`` in the low nibble. ``scales [N * k_blocks]``. A ``K`` that is not a multiple of the block
size is padded with zeros. :func:`dequantize` gives ``W'`` exactly as the op defines it, which is
what the parity tests hand the PyTorch reference.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

import numpy as np

ROWS_PER_CHUNK = 4096


@dataclass(frozen=True)
class QuantSettings:
    """``bits`` 4 or 8, ``block_size`` a power of two >= 16, ``accuracy_level`` as MatMulNBits
    defines it (0: unset, the runtime's most accurate path; 4: int8 arithmetic on the activations)."""

    bits: int
    block_size: int = 32
    accuracy_level: int = 0

    def __post_init__(self) -> None:
        if self.bits not in (4, 8):
            raise ValueError(f"bits must be 4 or 8, got {self.bits}")
        if self.block_size < 16 or self.block_size & (self.block_size - 1):
            raise ValueError(f"block_size must be a power of two >= 16, got {self.block_size}")
        if self.accuracy_level not in (0, 1, 2, 3, 4):
            raise ValueError(f"accuracy_level must be 0..4, got {self.accuracy_level}")

    def blocks(self, k: int) -> int:
        return -(-k // self.block_size)

    def to_dict(self) -> dict:
        return {"bits": self.bits, "blockSize": self.block_size, "accuracyLevel": self.accuracy_level,
                "symmetric": True, "op": "com.microsoft.MatMulNBits"}


def _quantize_rows(w: np.ndarray, s: QuantSettings) -> Tuple[np.ndarray, np.ndarray]:
    n, k = w.shape
    blocks = s.blocks(k)
    padded = np.zeros((n, blocks * s.block_size), dtype=np.float32)
    padded[:, :k] = w
    grouped = padded.reshape(n, blocks, s.block_size)
    top = (1 << (s.bits - 1)) - 1
    absmax = np.abs(grouped).max(axis=2)
    scales = np.where(absmax > 0, absmax / top, 1.0).astype(np.float32)
    zero = 1 << (s.bits - 1)
    q = np.clip(np.rint(grouped / scales[:, :, None]) + zero, 0, (1 << s.bits) - 1).astype(np.uint8)
    if s.bits == 4:
        q = (q[:, :, 0::2] | (q[:, :, 1::2] << 4)).astype(np.uint8)
    return q, scales


def quantize(w: np.ndarray, s: QuantSettings) -> Tuple[np.ndarray, np.ndarray]:
    """``(B [N, k_blocks, blob], scales [N * k_blocks])`` of a float weight ``[N, K]``, a chunk of
    rows at a time (so a large matrix needs little more memory than its packed form)."""
    if w.ndim != 2:
        raise ValueError(f"expected a 2-D weight, got shape {w.shape}")
    n, k = w.shape
    blob = s.block_size * s.bits // 8
    packed = np.empty((n, s.blocks(k), blob), dtype=np.uint8)
    scales = np.empty((n, s.blocks(k)), dtype=np.float32)
    for start in range(0, n, ROWS_PER_CHUNK):
        stop = min(n, start + ROWS_PER_CHUNK)
        packed[start:stop], scales[start:stop] = _quantize_rows(np.asarray(w[start:stop], dtype=np.float32), s)
    return packed, scales.reshape(-1)


def dequantize(packed: np.ndarray, scales: np.ndarray, k: int, s: QuantSettings) -> np.ndarray:
    """The float32 weight ``[N, K]`` that ``MatMulNBits`` computes with."""
    n, blocks, _ = packed.shape
    if s.bits == 4:
        q = np.empty((n, blocks, s.block_size), dtype=np.uint8)
        q[:, :, 0::2] = packed & 0x0F
        q[:, :, 1::2] = packed >> 4
    else:
        q = packed
    values = (q.astype(np.float32) - (1 << (s.bits - 1))) * scales.reshape(n, blocks, 1)
    return values.reshape(n, blocks * s.block_size)[:, :k]


def fake_quantize(w: np.ndarray, s: QuantSettings) -> np.ndarray:
    """``dequantize(quantize(w))``: the weight a quantized export effectively holds."""
    packed, scales = quantize(w, s)
    return dequantize(packed, scales, w.shape[1], s)
