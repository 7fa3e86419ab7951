"""Tokenizers for the reference: a Python WordLevel implementation, or the `tokenizers` library.

The exported ``tokenizer.json`` is in the Hugging Face `tokenizers` format. Where the library
is installed it is used for any tokenizer; otherwise this module implements the subset the
project's own fixtures use: added (special) tokens, a ``Lowercase`` normaliser, the
``Whitespace`` pre-tokeniser (``\\w+|[^\\w\\s]+``) and a ``WordLevel`` model, with decoding that
joins tokens with single spaces (what the library does when no decoder is set).
"""
from __future__ import annotations

import json
import re
from typing import Dict, List, Sequence

_WHITESPACE_SPLIT = re.compile(r"\w+|[^\w\s]+")


def word_level_tokenizer_json(vocab: Sequence[str], unk_token: str, special_tokens: Sequence[str]) -> dict:
    """Builds a `tokenizers` JSON document for a lower-casing WordLevel tokenizer.

    ``vocab`` lists every token in id order; ``special_tokens`` (a subset of it) are registered as
    added tokens so they are matched verbatim and skipped when decoding with special tokens off.
    """
    ids = {token: index for index, token in enumerate(vocab)}
    if len(ids) != len(vocab):
        raise ValueError("vocabulary has duplicates")
    added = [{"id": ids[token], "content": token, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for token in special_tokens]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": None,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": ids, "unk_token": unk_token},
    }


class Tokenizer:
    """Encodes and decodes text with a ``tokenizer.json`` (no special tokens are added)."""

    def __init__(self, path: str) -> None:
        with open(path, encoding="utf-8") as src:
            self.spec = json.load(src)
        self._library = None
        try:
            import tokenizers  # type: ignore

            self._library = tokenizers.Tokenizer.from_file(path)
        except ImportError:
            self._init_word_level()

    def _init_word_level(self) -> None:
        model = self.spec.get("model", {})
        if model.get("type") != "WordLevel":
            raise RuntimeError("the `tokenizers` package is needed for a tokenizer of type "
                               f"{model.get('type')!r}; only WordLevel is implemented here")
        normalizer = self.spec.get("normalizer")
        if normalizer not in (None, {"type": "Lowercase"}):
            raise RuntimeError(f"unsupported normalizer {normalizer!r}")
        if (self.spec.get("pre_tokenizer") or {}).get("type") != "Whitespace":
            raise RuntimeError("only the Whitespace pre-tokenizer is implemented here")
        self.lowercase = normalizer is not None
        self.vocab: Dict[str, int] = model["vocab"]
        self.unk_id = self.vocab[model["unk_token"]]
        self.inverse = {index: token for token, index in self.vocab.items()}
        self.special = {t["content"]: t["id"] for t in self.spec.get("added_tokens", [])}
        self.special_ids = set(self.special.values())
        pattern = "|".join(re.escape(t) for t in sorted(self.special, key=len, reverse=True))
        self._special_split = re.compile(f"({pattern})") if pattern else None

    def encode(self, text: str) -> List[int]:
        if self._library is not None:
            return list(self._library.encode(text, add_special_tokens=False).ids)
        pieces = self._special_split.split(text) if self._special_split else [text]
        ids: List[int] = []
        for piece in pieces:
            if piece in self.special:
                ids.append(self.special[piece])
                continue
            if self.lowercase:
                piece = piece.lower()
            ids.extend(self.vocab.get(word, self.unk_id) for word in _WHITESPACE_SPLIT.findall(piece))
        return ids

    def decode(self, ids: Sequence[int], skip_special_tokens: bool = True) -> str:
        if self._library is not None:
            return self._library.decode(list(ids), skip_special_tokens=skip_special_tokens)
        tokens = [self.inverse[i] for i in ids if not (skip_special_tokens and i in self.special_ids)]
        return " ".join(tokens)

    def token_id(self, token: str) -> int:
        if self._library is not None:
            index = self._library.token_to_id(token)
            if index is None:
                raise KeyError(token)
            return index
        return self.vocab[token]
