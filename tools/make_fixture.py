#!/usr/bin/python3
"""Trains the tiny Med-MoE test model on synthetic images and writes it as a model directory.

Usage (from the repository root; Debian's Python, which has python3-torch, python3-onnx,
python3-numpy and python3-pil)::

    /usr/bin/python3 tools/make_fixture.py --out models/tiny

The model has the released architecture at toy size (64 px images, 8 px patches, 64 image
tokens, hidden size 64, 4 decoder layers with MoE at layers 0 and 2, 4 experts + a meta expert).
It learns three fixed questions about procedurally drawn CT/MRI/pathology/X-ray images (see
``medmoe_ref/synthetic.py``): the modality, whether there is an abnormality, and where.

Training, in three phases, so that the router ends up a frozen modality classifier copied into
every MoE layer, as in Med-MoE. The router is one linear layer shared by all MoE layers, trained
to classify the image's modality from each image token:

1. Everything trains on the answers; the router trains beside it as a probe on detached hidden
   states (with a larger learning rate), so it does not disturb the answer circuits forming.
2. The router loss also flows into the model, so that every image token carries the modality.
3. The router is frozen and the rest keeps training on the answers.

At the end the shared router is copied into every MoE layer, the held-out accuracy of greedy
answers (exact match) and of the router's modality vote is measured, and the directory gets
the ONNX files, ``model.json``, ``tokenizer.json``, ``reference_state.pt``,
``reference_config.json``, sample images (``images/`` + ``images.json``) and ``training.json``.
Everything is seeded, so the run is deterministic on a given machine; with ``--steps 0`` it
writes an untrained model with the same files.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from typing import Dict, List, Sequence

import numpy as np
import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from medmoe_ref import synthetic  # noqa: E402
from medmoe_ref.config import STABLELM, tiny_config  # noqa: E402
from medmoe_ref.generation import (answer_text, greedy_generate, modality_probabilities,  # noqa: E402
                                   prompt_chunks, prompt_embeddings)
from medmoe_ref.model import MedMoE  # noqa: E402
from medmoe_ref.onnx_export import export_model  # noqa: E402
from medmoe_ref.preprocess import normalise  # noqa: E402
from medmoe_ref.tokenizer import Tokenizer, word_level_tokenizer_json  # noqa: E402


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="model directory to write")
    p.add_argument("--variant", default="phi2", choices=["phi2", STABLELM])
    p.add_argument("--steps", type=int, default=600, help="training steps (0: untrained export)")
    p.add_argument("--router-steps", type=int, default=450,
                   help="steps of phase 1 (the router probe trains); the rest train with it frozen")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--router-lr-scale", type=float, default=10.0,
                   help="learning-rate multiplier of the router (a linear classifier)")
    p.add_argument("--router-loss-weight", type=float, default=1.0)
    p.add_argument("--router-attach-step", type=int, default=300,
                   help="before this step the router trains as a probe on detached hidden states; "
                        "from it on, its loss also shapes the decoder (until --router-steps)")
    p.add_argument("--train-images", type=int, default=2400)
    p.add_argument("--eval-images", type=int, default=160)
    p.add_argument("--seed", type=int, default=20241125)
    p.add_argument("--threads", type=int, default=1)
    return p.parse_args(argv)


class Batcher:
    """Builds teacher-forcing batches: prompt + image + question + answer + EOS."""

    def __init__(self, model: MedMoE, tokenizer: Tokenizer) -> None:
        cfg = model.cfg
        self.model = model
        self.eos = cfg.prompt.eos_token_id
        self.keys = synthetic.question_keys()
        self.chunks = {k: prompt_chunks(cfg, tokenizer, synthetic.QUESTIONS[k]) for k in self.keys}
        self.answers: Dict[str, List[int]] = {}
        for key in self.keys:
            for answer in synthetic.CANDIDATES[key]:
                self.answers[answer] = tokenizer.encode(cfg.prompt.answer_prefix + answer) + [self.eos]
        self.num_image = cfg.vision.num_patches

    def batch(self, pixels: torch.Tensor, samples: Sequence[synthetic.Sample], keys: Sequence[str]):
        """Right-padded batch: embeddings, attention mask, labels (-100 = no loss), image offset."""
        first = self.chunks[keys[0]][0]  # the text before the image is the same for every question
        tails, answer_lengths = [], []
        for sample, key in zip(samples, keys):
            answer = self.answers[sample.answer(key)]
            tails.append(self.chunks[key][1] + answer)
            answer_lengths.append(len(answer))
        width = max(len(t) for t in tails)
        n = len(tails)
        ids = torch.zeros(n, width, dtype=torch.long)
        text_mask = torch.zeros(n, width, dtype=torch.long)
        tail_labels = torch.full((n, width), -100, dtype=torch.long)
        for i, (tail, answer_length) in enumerate(zip(tails, answer_lengths)):
            ids[i, :len(tail)] = torch.tensor(tail)
            text_mask[i, :len(tail)] = 1
            tail_labels[i, len(tail) - answer_length:len(tail)] = ids[i, len(tail) - answer_length:len(tail)]
        head = self.model.embed(torch.tensor([first] * n, dtype=torch.long))
        features = self.model.encode_images(pixels)
        # Padding sits after each row's last token, so causal attention keeps it out of real rows.
        embeds = torch.cat([head, features, self.model.embed(ids)], dim=1)
        prefix = head.shape[1] + features.shape[1]
        mask = torch.cat([torch.ones(n, prefix, dtype=torch.long), text_mask], dim=1)
        labels = torch.cat([torch.full((n, prefix), -100, dtype=torch.long), tail_labels], dim=1)
        return embeds, mask, labels, len(first)


def sincos_positions(model: MedMoE, scale: float = 0.3) -> None:
    """Initialises the vision tower's (learned) position embeddings with a 2-D sine-cosine
    pattern, as MAE-style ViTs do, so that "left/right" is visible from the first step."""
    cfg = model.cfg.vision
    side = cfg.image_size // cfg.patch_size
    quarter = cfg.hidden_size // 4
    freqs = 1.0 / (10000 ** (torch.arange(quarter, dtype=torch.float32) / quarter))
    rows, cols = torch.meshgrid(torch.arange(side, dtype=torch.float32), torch.arange(side, dtype=torch.float32),
                                indexing="ij")
    parts = []
    for coord in (rows.reshape(-1), cols.reshape(-1)):
        angles = coord[:, None] * freqs[None, :]
        parts += [angles.sin(), angles.cos()]
    table = torch.cat(parts, dim=1) * scale
    with torch.no_grad():
        model.vision_tower.position_embedding[1:, :table.shape[1]] = table


def share_router(model: MedMoE, detach: bool) -> torch.nn.Linear:
    gates = [layer.mlp.gate for layer in model.decoder.layers if layer.is_moe]
    shared = gates[0].router
    for gate in gates:
        gate.router = shared
        gate.detach_input = detach
    return shared


def set_router_detach(model: MedMoE, detach: bool) -> None:
    for layer in model.decoder.layers:
        if layer.is_moe:
            layer.mlp.gate.detach_input = detach


def untie_router(model: MedMoE) -> None:
    import copy

    for layer in model.decoder.layers:
        if layer.is_moe:
            layer.mlp.gate.router = copy.deepcopy(layer.mlp.gate.router)
            layer.mlp.gate.router.requires_grad_(False)
            layer.mlp.gate.detach_input = False


def train(model: MedMoE, batcher: Batcher, pixels: torch.Tensor, samples, args) -> Dict[str, float]:
    modality_index = {m: i for i, m in enumerate(model.cfg.moe.router_labels)}
    router = share_router(model, True)
    router_params = {id(p) for p in router.parameters()}
    opt = torch.optim.AdamW([
        {"params": [p for p in model.parameters() if id(p) not in router_params], "scale": 1.0},
        {"params": list(router.parameters()), "scale": args.router_lr_scale, "weight_decay": 0.0},
    ], lr=args.lr, weight_decay=args.weight_decay)
    rng = np.random.RandomState(args.seed + 1)
    warmup = max(1, args.steps // 20)
    history = {}
    started = time.time()
    model.train()
    for step in range(args.steps):
        if step == args.router_attach_step:
            set_router_detach(model, False)
        if step == args.router_steps:
            router.requires_grad_(False)
        lr = args.lr * min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * step / args.steps))
        for group in opt.param_groups:
            group["lr"] = lr * group["scale"]
        idx = rng.randint(0, len(samples), size=args.batch)
        batch_samples = [samples[i] for i in idx]
        keys = [batcher.keys[k] for k in rng.randint(0, len(batcher.keys), size=args.batch)]
        embeds, mask, labels, image_start = batcher.batch(pixels[idx], batch_samples, keys)
        positions = torch.arange(embeds.shape[1]).unsqueeze(0).expand(embeds.shape[0], -1)
        logits, _, routers = model.decode(embeds, mask, positions)
        lm_loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), labels[:, 1:].reshape(-1),
                                  ignore_index=-100)
        loss = lm_loss
        router_loss = torch.zeros(())
        if step < args.router_steps:
            target = torch.tensor([modality_index[s.modality] for s in batch_samples])
            n_img = batcher.num_image
            for r in routers:
                img = r[:, image_start:image_start + n_img]
                router_loss = router_loss + F.cross_entropy(
                    img.reshape(-1, img.shape[-1]), target.repeat_interleave(n_img)) / len(routers)
            loss = loss + args.router_loss_weight * router_loss
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 50 == 0 or step == args.steps - 1:
            print(f"step {step:4d} lm {lm_loss.item():.4f} router {router_loss.item():.4f} "
                  f"({time.time() - started:.0f}s)", flush=True)
            history = {"finalLmLoss": round(lm_loss.item(), 5)}
    model.eval()
    untie_router(model)
    history["seconds"] = round(time.time() - started, 1)
    return history


@torch.no_grad()
def evaluate(model: MedMoE, tokenizer: Tokenizer, pixels: torch.Tensor, samples) -> Dict[str, object]:
    cfg = model.cfg
    correct = {k: 0 for k in synthetic.question_keys()}
    router_correct = 0
    for i, sample in enumerate(samples):
        features = model.encode_images(pixels[i:i + 1])
        for key in synthetic.question_keys():
            first, second = prompt_chunks(cfg, tokenizer, synthetic.QUESTIONS[key])
            embeds = prompt_embeddings(model, features, first, second)
            gen = greedy_generate(model, embeds, 4, cfg.prompt.eos_token_id)
            correct[key] += answer_text(tokenizer, gen.tokens, cfg.prompt.eos_token_id) == sample.answer(key)
            if key == "modality":
                probs = modality_probabilities(cfg, gen.router_logits, len(first), features.shape[1])
                router_correct += max(probs, key=probs.get) == sample.modality
    n = len(samples)
    return {"heldOutImages": n,
            "accuracy": {k: round(v / n, 4) for k, v in correct.items()},
            "routerModalityAccuracy": round(router_correct / n, 4)}


def write_images(out: str, samples, images: np.ndarray) -> None:
    from PIL import Image

    folder = os.path.join(out, "images")
    os.makedirs(folder, exist_ok=True)
    listing = []
    for i, (sample, img) in enumerate(zip(samples, images)):
        name = f"{i:02d}-{sample.modality.lower()}-{sample.location}.png"
        Image.fromarray(img).save(os.path.join(folder, name), optimize=True)
        listing.append({"file": f"images/{name}", "modality": sample.modality,
                        "abnormal": sample.abnormal, "location": sample.location})
    with open(os.path.join(out, "images.json"), "w", encoding="utf-8") as f:
        json.dump({"questions": synthetic.QUESTIONS, "candidates": synthetic.CANDIDATES, "images": listing},
                  f, indent=2)
        f.write("\n")


def showcase(seed: int, size: int):
    """Two images per modality: one normal, one abnormal (alternating left/right)."""
    samples = []
    for i, modality in enumerate(synthetic.MODALITIES):
        samples.append(synthetic.Sample(modality, False, "none"))
        samples.append(synthetic.Sample(modality, True, synthetic.LOCATIONS[i % 2]))
    images = np.stack([synthetic.render(s, size, seed + i) for i, s in enumerate(samples)])
    return samples, images


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)

    vocab = synthetic.vocabulary()
    tok_path = os.path.join(args.out, "tokenizer.json")
    with open(tok_path, "w", encoding="utf-8") as f:
        json.dump(word_level_tokenizer_json(vocab, synthetic.UNK_TOKEN, [synthetic.EOS_TOKEN, synthetic.UNK_TOKEN]),
                  f, indent=1, ensure_ascii=False)
        f.write("\n")
    tokenizer = Tokenizer(tok_path)
    cfg = tiny_config(args.variant, vocab_size=len(vocab), eos_token_id=vocab.index(synthetic.EOS_TOKEN))
    model = MedMoE.init_weights(MedMoE(cfg), args.seed)
    sincos_positions(model)

    size = cfg.vision.image_size
    report: Dict[str, object] = {"variant": args.variant, "seed": args.seed, "steps": args.steps,
                                 "routerAttachStep": min(args.router_attach_step, args.steps),
                                 "routerSteps": min(args.router_steps, args.steps), "batch": args.batch,
                                 "lr": args.lr, "routerLrScale": args.router_lr_scale,
                                 "routerLossWeight": args.router_loss_weight, "threads": args.threads,
                                 "trainImages": args.train_images}
    eval_samples, eval_images = synthetic.dataset(args.eval_images, size, args.seed + 2)
    eval_pixels = torch.stack([normalise(img, cfg) for img in eval_images])
    if args.steps > 0:
        samples, images = synthetic.dataset(args.train_images, size, args.seed + 3)
        pixels = torch.stack([normalise(img, cfg) for img in images])
        report.update(train(model, Batcher(model, tokenizer), pixels, samples, args))
    else:
        model.eval()
    report.update(evaluate(model, tokenizer, eval_pixels, eval_samples))
    print(json.dumps(report), flush=True)

    export_model(model, tok_path, args.out, reference_files=True)
    show_samples, show_images = showcase(args.seed + 4, size)
    write_images(args.out, show_samples, show_images)
    with open(os.path.join(args.out, "training.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
