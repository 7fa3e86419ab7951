"""Procedural, seeded images that look like the four router modalities, with a question set.

Each sample is a modality (CT, MRI, pathology, X-ray), an abnormality flag and its location
(``left``/``right`` of the image as displayed; ``none`` when absent). The images are cartoons
of the modalities' typical look, not anatomy:

* CT: a grey body ellipse on black with a bright bone rim and organ blobs; lesion = bright disc.
* MRI: a head ellipse with gyri-like ripples and dark ventricles; lesion = bright disc.
* X-ray: bright soft tissue, two dark lung fields, ribs and a spine; lesion = opacity in a lung.
* Pathology: a pink (H&E-like) field sprinkled with purple nuclei; lesion = a dense dark cluster.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

import numpy as np

from .config import DEFAULT_ROUTER_LABELS, DEFAULT_TEMPLATE

MODALITIES = list(DEFAULT_ROUTER_LABELS)  # CT, MRI, PATHOLOGY, XRAY: also the router label order
LOCATIONS = ["left", "right"]
EOS_TOKEN = "<|endoftext|>"
UNK_TOKEN = "<unk>"

QUESTIONS: Dict[str, str] = {
    "modality": "What modality is this?",
    "abnormality": "Is there an abnormality?",
    "location": "Where is the abnormality?",
}
MODALITY_ANSWERS = {"CT": "ct", "MRI": "mri", "PATHOLOGY": "pathology", "XRAY": "xray"}
CANDIDATES: Dict[str, List[str]] = {
    "modality": [MODALITY_ANSWERS[m] for m in MODALITIES],
    "abnormality": ["yes", "no"],
    "location": ["left", "right", "none"],
}


@dataclass(frozen=True)
class Sample:
    modality: str
    abnormal: bool
    location: str  # "left", "right" or "none"

    def answer(self, question_key: str) -> str:
        if question_key == "modality":
            return MODALITY_ANSWERS[self.modality]
        if question_key == "abnormality":
            return "yes" if self.abnormal else "no"
        if question_key == "location":
            return self.location
        raise KeyError(question_key)


def vocabulary(template: str = DEFAULT_TEMPLATE) -> List[str]:
    """EOS, unk, then every lower-cased word/punctuation run of the template, questions and answers
    in order of first appearance (the `tokenizers` Whitespace split)."""
    words: List[str] = [EOS_TOKEN, UNK_TOKEN]
    texts = [template.replace("{question}", " ").replace("<image>", " ")] + list(QUESTIONS.values())
    texts += [" ".join(c) for c in CANDIDATES.values()]
    for text in texts:
        for word in re.findall(r"\w+|[^\w\s]+", text.lower()):
            if word not in words:
                words.append(word)
    return words


def random_sample(rng: np.random.RandomState) -> Sample:
    modality = MODALITIES[rng.randint(len(MODALITIES))]
    abnormal = bool(rng.rand() < 0.5)
    location = LOCATIONS[rng.randint(2)] if abnormal else "none"
    return Sample(modality, abnormal, location)


def _grid(size: int) -> Tuple[np.ndarray, np.ndarray]:
    axis = (np.arange(size, dtype=np.float32) + 0.5) / size * 2.0 - 1.0
    return np.meshgrid(axis, axis, indexing="ij")  # yy, xx in [-1, 1]


def _ellipse(yy, xx, cy, cx, ry, rx) -> np.ndarray:
    return ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1.0


def _lesion_centre(rng, location: str, spread_y: float = 0.3) -> Tuple[float, float]:
    side = -1.0 if location == "left" else 1.0
    return rng.uniform(-spread_y, spread_y), side * rng.uniform(0.45, 0.55)


def _ct(rng, yy, xx, sample: Sample) -> np.ndarray:
    img = np.full(yy.shape, 12.0, dtype=np.float32)
    ry, rx = rng.uniform(0.62, 0.75), rng.uniform(0.8, 0.9)
    body = _ellipse(yy, xx, 0.0, 0.0, ry, rx)
    img[body] = rng.uniform(80, 100)
    img[body & ~_ellipse(yy, xx, 0.0, 0.0, ry - 0.07, rx - 0.07)] = rng.uniform(215, 240)
    for _ in range(3):
        cy, cx = rng.uniform(-0.3, 0.3), rng.uniform(-0.5, 0.5)
        img[_ellipse(yy, xx, cy, cx, rng.uniform(0.08, 0.15), rng.uniform(0.1, 0.2)) & body] = rng.uniform(110, 135)
    if sample.abnormal:
        cy, cx = _lesion_centre(rng, sample.location)
        r = rng.uniform(0.32, 0.4)
        img[_ellipse(yy, xx, cy, cx, r, r)] = rng.uniform(215, 245)
    img += rng.normal(0, 6, yy.shape)
    return np.repeat(img[..., None], 3, axis=2)


def _mri(rng, yy, xx, sample: Sample) -> np.ndarray:
    img = np.zeros(yy.shape, dtype=np.float32)
    head = _ellipse(yy, xx, 0.0, 0.0, rng.uniform(0.8, 0.9), rng.uniform(0.65, 0.75))
    r = np.sqrt(yy ** 2 + xx ** 2)
    angle = np.arctan2(yy, xx)
    ripple = 25.0 * np.sin(rng.uniform(14, 18) * r + 5.0 * np.sin(6.0 * angle + rng.uniform(0, 6)))
    img[head] = (rng.uniform(125, 145) + ripple)[head]
    for cx in (-0.12, 0.12):
        img[_ellipse(yy, xx, -0.05, cx, 0.2, 0.06)] = rng.uniform(30, 45)
    if sample.abnormal:
        cy, cx = _lesion_centre(rng, sample.location)
        rad = rng.uniform(0.32, 0.4)
        img[_ellipse(yy, xx, cy, cx, rad, rad)] = rng.uniform(235, 255)
    img += rng.normal(0, 4, yy.shape)
    return np.repeat(img[..., None], 3, axis=2)


def _xray(rng, yy, xx, sample: Sample) -> np.ndarray:
    img = np.full(yy.shape, rng.uniform(180, 200), dtype=np.float32)
    lungs = np.zeros(yy.shape, dtype=bool)
    for cx in (-0.45, 0.45):
        lungs |= _ellipse(yy, xx, 0.0, cx, rng.uniform(0.6, 0.7), rng.uniform(0.25, 0.3))
    img[lungs] = rng.uniform(45, 60)
    ribs = np.sin(yy * rng.uniform(18, 22) + rng.uniform(0, 6)) > 0.6
    img[lungs & ribs] += 45
    img[np.abs(xx) < 0.07] = rng.uniform(225, 240)
    if sample.abnormal:
        cy, cx = _lesion_centre(rng, sample.location)
        cx = np.sign(cx) * 0.45
        rad = rng.uniform(0.32, 0.4)
        img[_ellipse(yy, xx, cy, cx, rad, rad)] = rng.uniform(235, 255)
    img += rng.normal(0, 5, yy.shape)
    return np.repeat(img[..., None], 3, axis=2)


def _pathology(rng, yy, xx, sample: Sample) -> np.ndarray:
    base = np.array([rng.uniform(220, 240), rng.uniform(165, 190), rng.uniform(195, 215)], dtype=np.float32)
    img = np.broadcast_to(base, yy.shape + (3,)).copy()
    nucleus = np.array([95, 55, 145], dtype=np.float32)
    size = yy.shape[0]
    for _ in range(rng.randint(45, 65)):
        cy, cx = rng.uniform(-1, 1), rng.uniform(-1, 1)
        r = rng.uniform(1.0, 1.8) * 2.0 / size
        img[_ellipse(yy, xx, cy, cx, r, r)] = nucleus + rng.normal(0, 8, 3)
    if sample.abnormal:
        cy, cx = _lesion_centre(rng, sample.location)
        dark = np.array([55, 20, 95], dtype=np.float32)
        img[_ellipse(yy, xx, cy, cx, 0.36, 0.36)] = dark * 0.6 + base * 0.4
        for _ in range(rng.randint(40, 55)):
            py, px = cy + rng.normal(0, 0.15), cx + rng.normal(0, 0.15)
            r = rng.uniform(2.0, 3.0) * 2.0 / size
            img[_ellipse(yy, xx, py, px, r, r)] = dark + rng.normal(0, 6, 3)
    img += rng.normal(0, 4, img.shape)
    return img


_DRAW = {"CT": _ct, "MRI": _mri, "XRAY": _xray, "PATHOLOGY": _pathology}


def render(sample: Sample, size: int, seed: int) -> np.ndarray:
    """``uint8 [size, size, 3]`` RGB image of the sample, fully determined by ``seed``."""
    rng = np.random.RandomState(seed)
    yy, xx = _grid(size)
    img = _DRAW[sample.modality](rng, yy, xx, sample)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def dataset(count: int, size: int, seed: int) -> Tuple[List[Sample], np.ndarray]:
    """``count`` samples and their images ``uint8 [count, size, size, 3]``."""
    rng = np.random.RandomState(seed)
    samples = [random_sample(rng) for _ in range(count)]
    seeds = rng.randint(0, 2 ** 31 - 1, size=count)
    images = np.stack([render(s, size, int(k)) for s, k in zip(samples, seeds)])
    return samples, images


def question_keys() -> Sequence[str]:
    return list(QUESTIONS)
