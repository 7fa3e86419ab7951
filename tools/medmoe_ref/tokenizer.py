"""Tokenizers for the reference: the three kinds a model directory can hold.

- ``tokenizer.json``: a Hugging Face ``tokenizers`` file. Where the library is installed it is used
  for any tokenizer; otherwise this module implements the subset the project's own fixtures use:
  added (special) tokens, a ``Lowercase`` normaliser, the ``Whitespace`` pre-tokeniser
  (``\\w+|[^\\w\\s]+``) and a ``WordLevel`` model, with decoding that joins tokens with single
  spaces (what the library does when no decoder is set).
- ``bpe``: GPT-2/CodeGen byte-level BPE files (``vocab.json`` + ``merges.txt`` and the added-token
  files), as transformers' slow tokenizer reads them (:mod:`.bpe`); Phi-2's tokenizer.
- ``tiktoken``: one ``*.tiktoken`` file with StableLM 2's Arcade100k pattern and special tokens
  (:mod:`.tiktoken_bpe`).

:func:`tokenizer_files` says which kind a checkpoint directory holds and which files the exporter
copies; the Java side (``PromptTokenizer.detectKind``) applies the same order.
"""
from __future__ import annotations

import glob
import json
import os
import re
from typing import Dict, List, Optional, Sequence, Tuple

from . import tokenizer_files as _files
from .bpe import ByteLevelBPE
from .tiktoken_bpe import Tiktoken

_WHITESPACE_SPLIT = re.compile(r"\w+|[^\w\s]+")

KINDS = ("tokenizer.json", "bpe", "tiktoken")


def tokenizer_files(directory: str) -> Tuple[str, List[str]]:
    """The tokenizer kind of a checkpoint or model directory and its files, by name.

    :func:`medmoe_ref.tokenizer_files.detect` (what the exporter copies): ``tokenizer.json`` when
    that file is there; else ``bpe`` when ``vocab.json`` and ``merges.txt`` are (with those of
    ``added_tokens.json``, ``tokenizer_config.json`` and ``special_tokens_map.json`` present); else
    ``tiktoken`` when there is exactly one ``*.tiktoken`` (with ``tokenizer_config.json`` when
    present). Raises ``FileNotFoundError`` otherwise.
    """
    kind, paths = _files.detect(directory)
    return kind, [os.path.basename(p) for p in paths]


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
    """Encodes and decodes text, adding no special tokens.

    ``path`` is a ``tokenizer.json`` file or a directory; for a directory ``kind`` is one of
    :data:`KINDS`, or detected with :func:`tokenizer_files` when not given.
    """

    def __init__(self, path: str, kind: Optional[str] = None) -> None:
        self._other = None
        self._library = None
        if os.path.isdir(path):
            kind = kind or tokenizer_files(path)[0]
            if kind not in KINDS:
                raise ValueError(f"unknown tokenizer kind {kind!r}: must be one of {', '.join(KINDS)}")
            if kind == "bpe":
                self.kind, self._other = kind, ByteLevelBPE(path)
                return
            if kind == "tiktoken":
                self.kind, self._other = kind, Tiktoken(_single_tiktoken(path))
                return
            path = os.path.join(path, "tokenizer.json")
        self.kind = "tokenizer.json"
        with open(path, encoding="utf-8") as src:
            self.spec = json.load(src)
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

    def size(self) -> int:
        """Highest id + 1."""
        if self._other is not None:
            return self._other.size()
        if self._library is not None:
            return self._library.get_vocab_size(with_added_tokens=True)
        return max(list(self.vocab.values()) + list(self.special.values())) + 1

    def encode(self, text: str) -> List[int]:
        if self._other is not None:
            return self._other.encode(text)
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
        """The text of ``ids`` (not stripped; the reference strips answers, see ``generation.answer_text``)."""
        if self._other is not None:
            return self._other.decode(ids, skip_special_tokens)
        if self._library is not None:
            return self._library.decode(list(ids), skip_special_tokens=skip_special_tokens)
        tokens = [self.inverse[i] for i in ids if not (skip_special_tokens and i in self.special_ids)]
        return " ".join(tokens)

    def token_id(self, token: str) -> int:
        if self._other is not None:
            index = self._other.token_id(token)
            if index is None:
                raise KeyError(token)
            return index
        if self._library is not None:
            index = self._library.token_to_id(token)
            if index is None:
                raise KeyError(token)
            return index
        return self.vocab[token]


def _single_tiktoken(directory: str) -> str:
    files = glob.glob(os.path.join(glob.escape(directory), "*.tiktoken"))
    if len(files) != 1:
        raise FileNotFoundError(f"{directory} must hold exactly one *.tiktoken file, found {len(files)}")
    return files[0]
