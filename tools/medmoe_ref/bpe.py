"""GPT-2/CodeGen byte-level BPE (Phi-2's tokenizer), as transformers 4.37's slow tokenizer runs it.

Reads ``vocab.json`` + ``merges.txt`` and, when present, ``tokenizer_config.json`` (its
``added_tokens_decoder`` and ``*_token`` keys), or for older checkpoints ``added_tokens.json`` +
``special_tokens_map.json``. Added tokens are cut out first with the trie of
``tokenization_utils.Trie`` (earliest start, then longest, with its lookahead) and their
``lstrip``/``rstrip``/``single_word`` flags; the rest is split with GPT-2's pattern, written as
byte-level characters and merged by rank. The Java ``ByteLevelBpeTokenizer`` implements the same
rules; both are checked against gpt-3-encoder and js-tiktoken (``tools/tests/test_tokenizer_truth.py``).
"""
from __future__ import annotations

import json
import os
from typing import Dict, List, Optional, Sequence, Tuple

from .text_patterns import gpt2_pattern, without_lone_surrogates

SPECIAL_KEYS = ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token")
CLASSES = {"GPT2Tokenizer", "GPT2TokenizerFast", "CodeGenTokenizer", "CodeGenTokenizerFast"}
CACHE_LIMIT = 50_000


def bytes_to_unicode() -> Dict[int, str]:
    """GPT-2's byte -> character map: printable Latin-1 bytes as themselves, the rest from U+0100."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    mapping, extra = {}, 0
    for b in range(256):
        if b in printable:
            mapping[b] = chr(b)
        else:
            mapping[b] = chr(256 + extra)
            extra += 1
    return mapping


BYTE_TO_CHAR = bytes_to_unicode()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}


class AddedToken:
    def __init__(self, token_id: int, content: str, lstrip=False, rstrip=False, single_word=False, special=False):
        self.id, self.content = token_id, content
        self.lstrip, self.rstrip, self.single_word, self.special = lstrip, rstrip, single_word, special


def trie_split(text: str, tokens: Sequence[str]) -> List[str]:
    """``Trie.split`` of transformers: ``text`` cut at the added tokens it holds."""
    root: dict = {}
    for token in tokens:
        node = root
        for ch in token:
            node = node.setdefault(ch, {})
        node[""] = True
    states: Dict[int, dict] = {}
    offsets = [0]
    skip = 0
    for current, ch in enumerate(text):
        if skip and current < skip:
            continue
        dead, reset = [], False
        for start, node in list(states.items()):
            if "" in node:
                end = current
                for look_start, look in states.items():
                    if look_start > start:
                        break
                    index = current + 1 if look_start < start else current
                    end = index
                    if "" in look:
                        start, end, skip = look_start, index, index
                    while index < len(text) and text[index] in look:
                        look = look[text[index]]
                        index += 1
                        if "" in look:
                            start, end, skip = look_start, index, index
                offsets += [start, end]
                reset = True
                break
            if ch in node:
                states[start] = node[ch]
            else:
                dead.append(start)
        if reset:
            states = {}
        else:
            for start in dead:
                del states[start]
        if current >= skip and ch in root:
            states[current] = root[ch]
    for start, node in states.items():
        if "" in node:
            offsets += [start, len(text)]
            break
    offsets.append(len(text))
    pieces, start = [], 0
    for end in offsets:
        if start >= end:
            continue
        pieces.append(text[start:end])
        start = end
    return pieces


def _read_json(path: str, required: bool = False):
    if not os.path.exists(path):
        if required:
            raise ValueError(f"tokenizer file {path} is missing")
        return {}
    try:
        with open(path, encoding="utf-8") as src:
            return json.load(src)
    except json.JSONDecodeError as e:
        raise ValueError(f"tokenizer file {path} is not valid JSON: {e}") from e


def _content(value) -> str:
    return value["content"] if isinstance(value, dict) else str(value)


class ByteLevelBPE:
    """Encodes and decodes with a directory of slow GPT-2/CodeGen tokenizer files."""

    def __init__(self, directory: str) -> None:
        self.vocab: Dict[str, int] = _read_json(os.path.join(directory, "vocab.json"), required=True)
        if not isinstance(self.vocab, dict) or not all(isinstance(i, int) and i >= 0 for i in self.vocab.values()):
            raise ValueError(f"tokenizer file {os.path.join(directory, 'vocab.json')} must map tokens to ids")
        self.decoder = {i: t for t, i in self.vocab.items()}
        self.ranks = self._read_merges(os.path.join(directory, "merges.txt"))
        self.cache: Dict[str, List[str]] = {}
        self._read_added(directory)

    @staticmethod
    def _read_merges(path: str) -> Dict[Tuple[str, str], int]:
        if not os.path.exists(path):
            raise ValueError(f"tokenizer file {path} is missing")
        with open(path, encoding="utf-8") as src:
            lines = src.read().split("\n")
        if not lines[0].startswith("#"):
            raise ValueError(f"tokenizer file {path}: line 1 must be the '#version' header")
        ranks: Dict[Tuple[str, str], int] = {}
        for number, line in enumerate(lines[1:-1], start=2):
            pair = line.split()
            if not pair:
                continue
            if len(pair) != 2:
                raise ValueError(f"tokenizer file {path}: line {number} must be two tokens separated by a space")
            ranks[(pair[0], pair[1])] = number - 2
        return ranks

    def _read_added(self, directory: str) -> None:
        config = _read_json(os.path.join(directory, "tokenizer_config.json"))
        cls = config.get("tokenizer_class")
        if cls is not None and cls not in CLASSES:
            raise ValueError(f"tokenizer_config.json names tokenizer_class {cls}; the bpe kind implements "
                             "GPT2Tokenizer and CodeGenTokenizer only")
        specials = {k: config[k] for k in SPECIAL_KEYS if k in config}
        additional = list(config.get("additional_special_tokens") or [])
        added: Dict[int, AddedToken] = {}
        if "added_tokens_decoder" in config:
            for key, t in config["added_tokens_decoder"].items():
                added[int(key)] = AddedToken(int(key), t["content"], t.get("lstrip", False), t.get("rstrip", False),
                                             t.get("single_word", False), t.get("special", False))
        else:
            for key, value in _read_json(os.path.join(directory, "special_tokens_map.json")).items():
                if key in SPECIAL_KEYS:
                    specials[key] = value
                elif key == "additional_special_tokens":
                    additional += [t for t in value if _content(t) not in {_content(a) for a in additional}]
            special_contents = {_content(v) for v in specials.values() if v is not None}
            special_contents |= {_content(v) for v in additional}
            for content, token_id in _read_json(os.path.join(directory, "added_tokens.json")).items():
                added[token_id] = AddedToken(token_id, content, special=content in special_contents)
        for key in ("bos_token", "eos_token", "unk_token"):
            specials.setdefault(key, "<|endoftext|>")
        contents = {t.content for t in added.values()}
        next_id = len(self.vocab) + sum(1 for c in contents if c not in self.vocab)
        self.special_tokens = set()
        for value in [v for v in specials.values() if v is not None] + additional:
            content = _content(value)
            self.special_tokens.add(content)
            if content in contents:
                continue
            contents.add(content)
            token_id = self.vocab.get(content)
            if token_id is None:
                token_id, next_id = next_id, next_id + 1
            flags = value if isinstance(value, dict) else {}
            added[token_id] = AddedToken(token_id, content, flags.get("lstrip", False), flags.get("rstrip", False),
                                         flags.get("single_word", False), True)
        self.added = {t.content: t for t in added.values()}
        self.added_by_id = {t.id: t for t in added.values()}
        unk = specials.get("unk_token")
        self.unk_id = None if unk is None else self.token_id(_content(unk))
        self.special_ids = {self.token_id(t) if self.token_id(t) is not None else self.unk_id
                            for t in self.special_tokens}
        self.add_prefix_space = bool(config.get("add_prefix_space", False))
        self.clean_up = bool(config.get("clean_up_tokenization_spaces", True))

    def token_id(self, token: str) -> Optional[int]:
        if token in self.added:
            return self.added[token].id
        return self.vocab.get(token)

    def size(self) -> int:
        return max(list(self.vocab.values()) + list(self.added_by_id)) + 1

    def bpe(self, word: str) -> List[str]:
        if word in self.cache:
            return self.cache[word]
        parts = list(word)
        while len(parts) > 1:
            ranked = [(self.ranks[p], p) for p in zip(parts, parts[1:]) if p in self.ranks]
            if not ranked:
                break
            first, second = min(ranked)[1]
            merged, i = [], 0
            while i < len(parts):
                if i + 1 < len(parts) and parts[i] == first and parts[i + 1] == second:
                    merged.append(first + second)
                    i += 2
                else:
                    merged.append(parts[i])
                    i += 1
            parts = merged
        if len(self.cache) >= CACHE_LIMIT:
            self.cache.clear()
        self.cache[word] = parts
        return parts

    def _split(self, text: str) -> List[str]:
        tokens = trie_split(text, list(self.added))
        for i in range(len(tokens)):
            token = self.added.get(tokens[i])
            if token is None:
                continue
            left = tokens[i - 1] if i > 0 else None
            right = tokens[i + 1] if i < len(tokens) - 1 else None
            if token.rstrip and right:
                tokens[i + 1] = right.lstrip()
            if token.lstrip and left:
                tokens[i - 1] = left.rstrip()
            if token.single_word and left and left[-1] != " ":
                tokens[i - 1] += tokens[i]
                tokens[i] = ""
            elif token.single_word and right and right[0] != " ":
                tokens[i + 1] = tokens[i] + tokens[i + 1]
                tokens[i] = ""
        return [t for t in tokens if t]

    def encode(self, text: str) -> List[int]:
        if not text:
            return []
        text = without_lone_surrogates(" " + text if self.add_prefix_space else text)
        ids: List[int] = []
        for piece in self._split(text):
            if piece in self.added:
                ids.append(self.added[piece].id)
                continue
            for word in gpt2_pattern().findall(piece):
                for token in self.bpe("".join(BYTE_TO_CHAR[b] for b in word.encode("utf-8"))):
                    token_id = self.token_id(token)
                    if token_id is None:
                        token_id = self.unk_id
                    if token_id is None:
                        raise ValueError(f"the BPE token {token!r} is not in vocab.json and there is no unk_token")
                    ids.append(token_id)
        return ids

    def decode(self, ids: Sequence[int], skip_special_tokens: bool = True) -> str:
        texts: List[str] = []
        current: List[str] = []
        for i in ids:
            if skip_special_tokens and i in self.special_ids:
                continue
            token = self.added_by_id[i].content if i in self.added_by_id else self.decoder.get(i)
            if token is None:
                continue
            if token in self.added and token not in self.special_tokens:
                if current:
                    text = self._text(current)
                    if text:
                        texts.append(text)
                    current = []
                texts.append(token)
            else:
                current.append(token)
        if current:
            texts.append(self._text(current))
        text = " ".join(texts)
        return clean_up(text) if self.clean_up else text

    @staticmethod
    def _text(tokens: List[str]) -> str:
        data = bytearray()
        for ch in "".join(tokens):
            if ch in CHAR_TO_BYTE:
                data.append(CHAR_TO_BYTE[ch])
            else:
                data += ch.encode("utf-8")
        return data.decode("utf-8", errors="replace")


def clean_up(text: str) -> str:
    """``clean_up_tokenization`` of transformers."""
    for old, new in ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
                     (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")):
        text = text.replace(old, new)
    return text
