"""Prompt assembly, greedy decoding with a KV cache, and candidate scoring (batch size 1).

These functions define the behaviour the Java service must reproduce; ``tools/reference.py``
exposes them as a command-line oracle.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import torch

from .config import ModelConfig
from .model import MedMoE
from .tokenizer import Tokenizer


def prompt_chunks(cfg: ModelConfig, tokenizer: Tokenizer, question: str) -> Tuple[List[int], List[int]]:
    """Token ids of the prompt text before and after the image placeholder.

    The template is filled with the question, split at the image token, and each chunk is
    tokenised on its own (a BOS id is prepended to the first chunk when the manifest says so).
    """
    text = cfg.prompt.template.replace("{question}", question)
    if text.count(cfg.prompt.image_token) != 1:
        raise ValueError("the prompt template must contain the image token exactly once")
    before, after = text.split(cfg.prompt.image_token)
    first = tokenizer.encode(before)
    if cfg.prompt.add_bos:
        raise ValueError("add_bos is not supported by the released Med-MoE templates")
    return first, tokenizer.encode(after)


def prompt_embeddings(model: MedMoE, image_features: torch.Tensor, first: Sequence[int],
                      second: Sequence[int]) -> torch.Tensor:
    """``[1, len(first) + N_img + len(second), H]``: text embeddings around the image features."""
    parts = []
    if first:
        parts.append(model.embed(torch.tensor([list(first)], dtype=torch.long)))
    parts.append(image_features)
    if second:
        parts.append(model.embed(torch.tensor([list(second)], dtype=torch.long)))
    return torch.cat(parts, dim=1)


@dataclass
class Generation:
    tokens: List[int]
    prefill_last_logits: torch.Tensor
    # Per MoE layer, router logits [positions, E] over prefill and generated positions.
    router_logits: List[torch.Tensor] = field(default_factory=list)


@torch.no_grad()
def greedy_generate(model: MedMoE, embeds: torch.Tensor, max_new_tokens: int, eos_token_id: int,
                    vocab_limit: Optional[int] = None) -> Generation:
    """Greedy decoding with a KV cache; stops after EOS (included) or ``max_new_tokens``.

    Only ids below ``vocab_limit`` (the tokenizer's size; the released vocabularies are padded
    beyond it) are generated. Router logits are collected for every position the model computed:
    the prompt and each fed generated token. The last generated token is never fed back, so it has
    no router logits.
    """
    limit = vocab_limit or model.cfg.decoder.vocab_size
    length = embeds.shape[1]
    device = embeds.device
    mask = torch.ones(1, length, dtype=torch.long, device=device)
    positions = torch.arange(length, device=device).unsqueeze(0)
    logits, past, routers = model.decode(embeds, mask, positions)
    collected = [[r[0]] for r in routers]
    prefill_last = logits[0, -1].clone()
    tokens: List[int] = []
    next_logits = logits[0, -1]
    while len(tokens) < max_new_tokens:
        token = int(torch.argmax(next_logits[:limit]))
        tokens.append(token)
        if token == eos_token_id or len(tokens) == max_new_tokens:
            break
        mask = torch.cat([mask, torch.ones(1, 1, dtype=torch.long, device=device)], dim=1)
        positions = torch.tensor([[mask.shape[1] - 1]], device=device)
        logits, past, routers = model.decode(model.embed(torch.tensor([[token]], device=device)), mask, positions, past)
        for store, r in zip(collected, routers):
            store.append(r[0])
        next_logits = logits[0, -1]
    return Generation(tokens, prefill_last, [torch.cat(parts, dim=0) for parts in collected])


@torch.no_grad()
def candidate_log_likelihoods(model: MedMoE, cfg: ModelConfig, tokenizer: Tokenizer, embeds: torch.Tensor,
                              candidates: Sequence[str], vocab_limit: Optional[int] = None) -> List[float]:
    """Sum of log-probabilities of ``answer_prefix + candidate`` followed by EOS, given the prompt,
    the softmax taken over the ids below ``vocab_limit``."""
    limit = vocab_limit or cfg.decoder.vocab_size
    length = embeds.shape[1]
    _, past, _ = model.decode(embeds[:, :-1], torch.ones(1, length - 1, dtype=torch.long),
                              torch.arange(length - 1).unsqueeze(0))
    scores = []
    for candidate in candidates:
        ids = tokenizer.encode(cfg.prompt.answer_prefix + candidate) + [cfg.prompt.eos_token_id]
        # Feed the last prompt position and every answer token but the last.
        cand = model.embed(torch.tensor([ids[:-1]], dtype=torch.long)) if len(ids) > 1 else embeds[:, :0]
        seq = torch.cat([embeds[:, -1:], cand], dim=1)
        total = length - 1 + seq.shape[1]
        logits, _, _ = model.decode(seq, torch.ones(1, total, dtype=torch.long),
                                    torch.arange(length - 1, total).unsqueeze(0), past)
        logp = torch.log_softmax(logits[0, :, :limit].double(), dim=-1)
        scores.append(float(sum(logp[i, t] for i, t in enumerate(ids))))
    return scores


def modality_probabilities(cfg: ModelConfig, router_logits: Sequence[torch.Tensor], image_start: int,
                           num_image_tokens: int) -> Dict[str, float]:
    """Router softmax averaged over the image-token positions and over MoE layers."""
    probs = torch.stack([torch.softmax(r[image_start:image_start + num_image_tokens].double(), dim=-1).mean(0)
                         for r in router_logits]).mean(0)
    return {label: float(p) for label, p in zip(cfg.moe.router_labels, probs)}


def expert_choices(cfg: ModelConfig, router_logits: Sequence[torch.Tensor]) -> List[List[int]]:
    """Per MoE layer, the highest-probability expert at each position."""
    return [torch.argmax(r, dim=-1).tolist() for r in router_logits]


def candidate_probabilities(scores: Sequence[float]) -> List[float]:
    return torch.softmax(torch.tensor(list(scores), dtype=torch.float64), dim=0).tolist()


def answer_text(tokenizer: Tokenizer, tokens: Sequence[int], eos_token_id: int) -> str:
    body = [t for t in tokens if t != eos_token_id]
    return tokenizer.decode(body).strip()


def run_case(model: MedMoE, tokenizer: Tokenizer, pixel_values: torch.Tensor, question: str,
             max_new_tokens: int, candidates: Optional[Sequence[str]] = None,
             vocab_limit: Optional[int] = None) -> dict:
    """Everything the oracle reports for one image and question (see ``tools/reference.py``)."""
    cfg = model.cfg
    first, second = prompt_chunks(cfg, tokenizer, question)
    with torch.no_grad():
        features = model.encode_images(pixel_values.unsqueeze(0) if pixel_values.dim() == 3 else pixel_values)
        embeds = prompt_embeddings(model, features, first, second)
    gen = greedy_generate(model, embeds, max_new_tokens, cfg.prompt.eos_token_id, vocab_limit)
    result = {
        "promptIds": [first, second],
        "tokens": gen.tokens,
        "text": answer_text(tokenizer, gen.tokens, cfg.prompt.eos_token_id),
        "prefillLastLogits": gen.prefill_last_logits.tolist(),
        "expertChoices": expert_choices(cfg, gen.router_logits),
        "modalityProbabilities": modality_probabilities(cfg, gen.router_logits, len(first), features.shape[1]),
    }
    if candidates:
        scores = candidate_log_likelihoods(model, cfg, tokenizer, embeds, candidates, vocab_limit)
        result["candidateLogLikelihoods"] = dict(zip(candidates, scores))
        result["candidateProbabilities"] = dict(zip(candidates, candidate_probabilities(scores)))
    return result
