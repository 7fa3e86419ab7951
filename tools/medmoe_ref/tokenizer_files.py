"""Which tokenizer files a checkpoint ships, and how many ids they define.

Three kinds, in order of preference: ``tokenizer.json`` (Hugging Face `tokenizers`), ``bpe`` (the
slow GPT-2-style files ``vocab.json`` + ``merges.txt`` with ``added_tokens.json``,
``tokenizer_config.json`` and ``special_tokens_map.json`` when present: what the Phi-2 release
ships) and ``tiktoken`` (one ``*.tiktoken`` rank file; Arcade100k's special tokens from id 100257).
"""
from __future__ import annotations

import glob
import json
import os
from typing import List, Tuple

TOKENIZER_JSON = "tokenizer.json"
BPE = "bpe"
TIKTOKEN = "tiktoken"
BPE_EXTRAS = ("added_tokens.json", "tokenizer_config.json", "special_tokens_map.json")
# Arcade100k's special tokens (tokenization_arcade100k.py): <|endoftext|>, 4 FIM, 14 code, <|endofprompt|>,
# 2 chat, <|pause|>, 8 registers, <|extra0|>.
ARCADE100K_SPECIAL = 32
# tokenization_arcade100k.py: START_ID, the id of <|endoftext|>, the first special token.
ARCADE100K_START_ID = 100257


def detect(source: str) -> Tuple[str, List[str]]:
    """``(kind, paths)`` of the tokenizer in ``source`` (a directory, or a tokenizer.json file)."""
    if os.path.isfile(source):
        if source.endswith(".tiktoken"):
            return TIKTOKEN, [source] + _existing(os.path.dirname(source), ("tokenizer_config.json",))
        return TOKENIZER_JSON, [source]
    if os.path.exists(os.path.join(source, TOKENIZER_JSON)):
        return TOKENIZER_JSON, [os.path.join(source, TOKENIZER_JSON)]
    if all(os.path.exists(os.path.join(source, n)) for n in ("vocab.json", "merges.txt")):
        return BPE, [os.path.join(source, "vocab.json"), os.path.join(source, "merges.txt")] + _existing(source, BPE_EXTRAS)
    ranks = sorted(glob.glob(os.path.join(source, "*.tiktoken")))
    if len(ranks) == 1:
        return TIKTOKEN, ranks + _existing(source, ("tokenizer_config.json",))
    raise FileNotFoundError(f"no tokenizer in {source}: expected tokenizer.json, vocab.json + merges.txt, "
                            "or one *.tiktoken file (pass --tokenizer)")


def _existing(directory: str, names) -> List[str]:
    return [os.path.join(directory, n) for n in names if os.path.exists(os.path.join(directory, n))]


def size(kind: str, paths: List[str]) -> int:
    """Highest id the tokenizer can produce, plus one."""
    by_name = {os.path.basename(p): p for p in paths}
    ids: List[int] = []
    if kind == TOKENIZER_JSON:
        with open(paths[0], encoding="utf-8") as src:
            spec = json.load(src)
        ids += [int(t["id"]) for t in spec.get("added_tokens") or []]
        vocab = (spec.get("model") or {}).get("vocab")
        if isinstance(vocab, dict):
            ids += [int(i) for i in vocab.values()]
        elif isinstance(vocab, list):
            ids.append(len(vocab) - 1)
    elif kind == BPE:
        with open(by_name["vocab.json"], encoding="utf-8") as src:
            ids += [int(i) for i in json.load(src).values()]
        if "added_tokens.json" in by_name:
            with open(by_name["added_tokens.json"], encoding="utf-8") as src:
                ids += [int(i) for i in json.load(src).values()]
        if "tokenizer_config.json" in by_name:
            with open(by_name["tokenizer_config.json"], encoding="utf-8") as src:
                ids += [int(i) for i in (json.load(src).get("added_tokens_decoder") or {})]
    elif kind == TIKTOKEN:
        # Arcade100k numbers its special tokens from 100257 whatever the ranks (its 100,256 ranks end at
        # 100255, leaving 100256 unused): the highest id is the higher of the last rank and <|extra0|>.
        rank_file = [p for p in paths if p.endswith(".tiktoken")][0]
        with open(rank_file, "rb") as src:
            ids += [int(line.split()[1]) for line in src if line.strip()]
        ids.append(ARCADE100K_START_ID + ARCADE100K_SPECIAL - 1)
    else:
        raise ValueError(f"unknown tokenizer kind {kind!r}")
    return max(ids) + 1
