#!/usr/bin/python3
"""pydicom + numpy + Pillow doing the service's decode and pre-processing, for the benchmark.

Usage: /usr/bin/python3 bench_pydicom.py SECONDS FILE...   (Debian's python3-pydicom, -numpy, -pil)

Per image: read the file, decode the first frame, modality LUT (rescale), window (file's
window, else CT soft tissue 40/400 for CT, else the frame's min..max), MONOCHROME1 inversion,
8-bit RGB, bicubic resize of the shortest side to 336, centre crop, CLIP normalisation to a
float32 CHW tensor. Loops over the files for SECONDS (after one warm-up pass) on one thread and
prints one JSON line: images, bytes, seconds, images_per_s, mb_per_s, skipped (files it could not
decode).
"""
import json
import os
import sys
import time

import numpy as np
import pydicom
from PIL import Image
from pydicom.pixel_data_handlers.util import apply_modality_lut, convert_color_space

MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32).reshape(3, 1, 1)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32).reshape(3, 1, 1)
SIZE = 336


def first_value(v):
    return float(v[0]) if isinstance(v, pydicom.multival.MultiValue) else float(v)


def to_rgb8(ds):
    arr = ds.pixel_array
    if int(getattr(ds, "NumberOfFrames", 1) or 1) > 1:
        arr = arr[0]
    if int(ds.SamplesPerPixel) == 3:
        if str(ds.PhotometricInterpretation).startswith("YBR_FULL"):
            arr = convert_color_space(arr, "YBR_FULL", "RGB")
        return np.ascontiguousarray(arr, dtype=np.uint8)
    values = apply_modality_lut(arr, ds).astype(np.float64)
    if "WindowCenter" in ds and "WindowWidth" in ds:
        c, w = first_value(ds.WindowCenter), first_value(ds.WindowWidth)
    elif getattr(ds, "Modality", None) == "CT":
        c, w = 40.0, 400.0
    else:
        lo, hi = values.min(), values.max()
        w = max(1.0, hi - lo + 1)
        c = lo + w / 2
    out = ((values - (c - 0.5)) / (w - 1) + 0.5) * 255.0
    grey = np.clip(np.rint(out), 0, 255).astype(np.uint8)
    if str(ds.PhotometricInterpretation) == "MONOCHROME1":
        grey = 255 - grey
    return np.repeat(grey[:, :, None], 3, axis=2)


def preprocess(rgb):
    img = Image.fromarray(rgb, "RGB")
    w, h = img.size
    nw, nh = (SIZE, int(SIZE * h / w)) if w <= h else (int(SIZE * w / h), SIZE)
    img = img.resize((nw, nh), Image.BICUBIC)
    left, top = (nw - SIZE) // 2, (nh - SIZE) // 2
    sq = np.asarray(img.crop((left, top, left + SIZE, top + SIZE)), dtype=np.float32)
    return (sq.transpose(2, 0, 1) / np.float32(255.0) - MEAN) / STD


def work(path):
    ds = pydicom.dcmread(path)
    return preprocess(to_rgb8(ds))


def main():
    seconds = float(sys.argv[1])
    files, skipped = [], []
    for f in sys.argv[2:]:
        try:
            work(f)
            files.append(f)
        except Exception:
            skipped.append(f)
    images = size = 0
    start = time.perf_counter()
    while files and time.perf_counter() - start < seconds:
        for f in files:
            work(f)
            images += 1
            size += os.path.getsize(f)
    elapsed = time.perf_counter() - start
    print(json.dumps({"images": images, "bytes": size, "seconds": elapsed,
                      "images_per_s": images / elapsed if elapsed else 0.0,
                      "mb_per_s": size / elapsed / 1e6 if elapsed else 0.0, "skipped": skipped}))


if __name__ == "__main__":
    main()
