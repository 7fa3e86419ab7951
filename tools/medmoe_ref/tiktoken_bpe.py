"""tiktoken's byte-pair encoding with StableLM 2's Arcade100k rules, without the tiktoken package.

As the reference's ``tokenization_arcade100k.py`` runs it: the ranks come from a ``.tiktoken`` file
(``base64(token bytes) rank`` per line), the text is put in NFC, every special token written in the
text is taken out first (they are numbered from 100257), the rest is split with Arcade100k's
pattern, and each piece is its own token when ranked, else its bytes are merged pair by pair, the
lowest-ranked adjacent pair first (the leftmost of equals). Decoding skips special tokens (the
reference keeps ids below ``<|endoftext|>``) and unknown ids, and replaces invalid UTF-8.
"""
from __future__ import annotations

import base64
import re
import unicodedata
from typing import Dict, List, Sequence

from .text_patterns import arcade100k_pattern, without_lone_surrogates

START_ID = 100257
SPECIAL_TOKEN_NAMES = (["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>",
                        "<gh_stars>", "<filename>", "<issue_start>", "<issue_comment>", "<issue_closed>",
                        "<jupyter_start>", "<jupyter_text>", "<jupyter_code>", "<jupyter_output>", "<empty_output>",
                        "<commit_before>", "<commit_msg>", "<commit_after>", "<reponame>", "<|endofprompt|>",
                        "<|im_start|>", "<|im_end|>", "<|pause|>"]
                       + [f"<|reg{i}|>" for i in range(8)] + ["<|extra0|>"])
SPECIAL_TOKENS = {name: START_ID + i for i, name in enumerate(SPECIAL_TOKEN_NAMES)}


def load_ranks(path: str) -> Dict[bytes, int]:
    """The ranks of a ``.tiktoken`` file; ``ValueError`` naming the file and line when malformed."""
    ranks: Dict[bytes, int] = {}
    seen = set()
    with open(path, "rb") as src:
        for number, line in enumerate(src.read().splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.split()
            try:
                token, rank = base64.b64decode(parts[0], validate=True), int(parts[1])
                if len(parts) != 2 or rank < 0:
                    raise ValueError
            except (ValueError, IndexError) as e:
                raise ValueError(f"tokenizer file {path}: line {number} is not 'base64(token) rank'") from e
            if token in ranks or rank in seen:
                raise ValueError(f"tokenizer file {path}: line {number} repeats a token or a rank")
            ranks[token] = rank
            seen.add(rank)
    missing = [b for b in range(256) if bytes([b]) not in ranks]
    if missing:
        raise ValueError(f"tokenizer file {path} has no rank for the single byte 0x{missing[0]:02x}")
    return ranks


class Tiktoken:
    """Encodes and decodes with a ``.tiktoken`` file and Arcade100k's pattern and special tokens."""

    def __init__(self, path: str, special_tokens: Dict[str, int] = None) -> None:
        self.ranks = load_ranks(path)
        self.decoder = {rank: token for token, rank in self.ranks.items()}
        self.special = dict(SPECIAL_TOKENS if special_tokens is None else special_tokens)
        clash = [t for t, i in self.special.items() if i in self.decoder]
        if clash:
            raise ValueError(f"the special token {clash[0]} has an id the tiktoken file already gives to a token")
        self.special_ids = set(self.special.values())
        longest_first = sorted(self.special, key=len, reverse=True)
        self._special = re.compile("|".join(re.escape(t) for t in longest_first)) if longest_first else None

    def size(self) -> int:
        return max(list(self.decoder) + list(self.special_ids)) + 1

    def token_id(self, token: str):
        return self.special.get(token, self.ranks.get(token.encode("utf-8")))

    def encode(self, text: str) -> List[int]:
        if not text:
            return []
        text = unicodedata.normalize("NFC", without_lone_surrogates(text))
        ids: List[int] = []
        start = 0
        while True:
            match = self._special.search(text, start) if self._special else None
            end = match.start() if match else len(text)
            for piece in arcade100k_pattern().findall(text[start:end]):
                data = piece.encode("utf-8")
                if data in self.ranks:
                    ids.append(self.ranks[data])
                else:
                    ids.extend(self._byte_pair_encode(data))
            if match is None:
                return ids
            ids.append(self.special[match.group()])
            start = match.end()

    def _byte_pair_encode(self, data: bytes) -> List[int]:
        bounds = list(range(len(data) + 1))
        while len(bounds) > 2:
            best, at = None, -1
            for i in range(len(bounds) - 2):
                rank = self.ranks.get(data[bounds[i]:bounds[i + 2]])
                if rank is not None and (best is None or rank < best):
                    best, at = rank, i
            if best is None:
                break
            del bounds[at + 1]
        return [self.ranks[data[a:b]] for a, b in zip(bounds, bounds[1:])]

    def decode(self, ids: Sequence[int], skip_special_tokens: bool = True) -> str:
        data = bytearray()
        for i in ids:
            if i in self.special_ids:
                if not skip_special_tokens:
                    data += [k for k, v in self.special.items() if v == i][0].encode("utf-8")
                continue
            data += self.decoder.get(i, b"")
        return data.decode("utf-8", errors="replace")
