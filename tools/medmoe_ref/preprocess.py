"""Image pre-processing of the reference: RGB, shortest-side bicubic resize, crop or pad, CLIP
normalisation. Images already at the model size skip resizing, which makes numpy alone enough
for the fixtures; other sizes need Pillow."""
from __future__ import annotations

import numpy as np
import torch

from .config import ModelConfig


def _load_rgb(path: str):
    try:
        from PIL import Image
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise RuntimeError("Pillow (Debian: python3-pil) is needed to read PNG images") from exc
    with Image.open(path) as img:
        return img.convert("RGB")


def fit_image(img, size: int, fit: str, pad_fill) -> "object":
    """Resize the shortest side to ``size`` (bicubic, antialiased as Pillow does), then centre-crop,
    or pad to a square with ``pad_fill`` first and resize (the reference's ``pad`` mode)."""
    from PIL import Image

    if fit == "pad":
        w, h = img.size
        side = max(w, h)
        canvas = Image.new("RGB", (side, side), tuple(pad_fill))
        canvas.paste(img, ((side - w) // 2, (side - h) // 2))
        return canvas.resize((size, size), Image.BICUBIC)
    w, h = img.size
    # The long side is truncated, as the CLIP image processor computes it.
    if w <= h:
        new_w, new_h = size, int(size * h / w)
    else:
        new_w, new_h = int(size * w / h), size
    img = img.resize((new_w, new_h), Image.BICUBIC)
    left, top = (new_w - size) // 2, (new_h - size) // 2
    return img.crop((left, top, left + size, top + size))


def normalise(rgb: np.ndarray, cfg: ModelConfig) -> torch.Tensor:
    """``uint8 [S,S,3]`` -> ``float32 [3,S,S]`` after /255 and mean/std normalisation."""
    x = rgb.astype(np.float32) / 255.0
    x = (x - np.asarray(cfg.image.mean, dtype=np.float32)) / np.asarray(cfg.image.std, dtype=np.float32)
    return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))


def load_pixels(path: str, cfg: ModelConfig) -> torch.Tensor:
    """Pixel tensor ``[3,S,S]`` from a PNG/JPEG file, or from a raw little-endian float32 ``.bin``
    that already holds the normalised tensor."""
    size = cfg.vision.image_size
    if path.endswith(".bin"):
        data = np.fromfile(path, dtype="<f4")
        if data.size != 3 * size * size:
            raise ValueError(f"{path}: expected {3 * size * size} float32 values, got {data.size}")
        return torch.from_numpy(data.reshape(3, size, size).copy())
    img = _load_rgb(path)
    if img.size != (size, size):
        img = fit_image(img, size, cfg.image.fit, cfg.image.pad_fill)
    return normalise(np.asarray(img, dtype=np.uint8), cfg)
