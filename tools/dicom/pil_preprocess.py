#!/usr/bin/python3
"""Med-MoE image pre-processing done with Pillow, as the reference for the Java pre-processor.

Usage: /usr/bin/python3 pil_preprocess.py IN.rgb WIDTH HEIGHT SIZE crop|pad OUT_PREFIX
(Debian's python3-pil and python3-numpy)

IN.rgb holds WIDTH*HEIGHT*3 bytes of 8-bit RGB. Writes OUT_PREFIX.u8 (the SIZE x SIZE RGB image
after resize and crop or pad) and OUT_PREFIX.f32 (the normalised CHW float32 tensor), following
the reference: 'pad' pastes the image centred on a square of colour (122, 116, 104) and then
resizes; 'crop' resizes the shortest side to SIZE (bicubic) and centre-crops.
"""
import sys

import numpy as np
from PIL import Image

MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)
PAD = (122, 116, 104)


def square(img, size, fit):
    w, h = img.size
    if fit == "pad":
        if w != h:
            side = max(w, h)
            canvas = Image.new("RGB", (side, side), PAD)
            canvas.paste(img, ((side - w) // 2, (side - h) // 2))
            img = canvas
        return img.resize((size, size), Image.BICUBIC)
    if w <= h:
        new_w, new_h = size, int(size * h / w)
    else:
        new_w, new_h = int(size * w / h), size
    img = img.resize((new_w, new_h), Image.BICUBIC)
    left, top = (new_w - size) // 2, (new_h - size) // 2
    return img.crop((left, top, left + size, top + size))


def main():
    path, width, height, size, fit, out = sys.argv[1:7]
    raw = open(path, "rb").read()
    img = Image.frombytes("RGB", (int(width), int(height)), raw)
    sq = np.asarray(square(img, int(size), fit), dtype=np.uint8)
    sq.tofile(out + ".u8")
    tensor = ((sq.astype(np.float32) / np.float32(255.0)) - MEAN) / STD
    np.ascontiguousarray(tensor.transpose(2, 0, 1)).astype("<f4").tofile(out + ".f32")


if __name__ == "__main__":
    main()
