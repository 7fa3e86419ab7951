#!/usr/bin/env python3
"""The project's tokenizers against Hugging Face ``tokenizers`` / ``transformers`` and OpenAI's ``tiktoken``.

``tools/tests/test_tokenizer_truth.py`` and the Java tests check the byte-level BPE and the tiktoken
kinds against npm's GPT-2 implementations, which know nothing of Hugging Face's added tokens. Where
a Python with ``tokenizers``, ``transformers`` and ``tiktoken`` is at hand (Debian has none), this
script compares, on the same deterministic strings the Java tests use:

* the byte-level BPE with Phi-2-like added tokens (runs of 2-31 spaces and 2-9 tabs after GPT-2's
  50,257 ids, ``<|endoftext|>`` special) against ``tokenizers``' Rust BPE with those tokens added and
  against ``transformers``' GPT2 tokenizer loaded from the files;
* the tiktoken kind (GPT-2's ranks, Arcade100k's split pattern and special tokens from 100257, NFC
  first, as ``tokenization_arcade100k.py`` does) against ``tiktoken.Encoding`` with the same.

``FILES`` holds ``vocab.json``, ``merges.txt``, ``added_tokens.json``, ``special_tokens_map.json``,
``tiktoken/gpt2.tiktoken`` and ``java-ids.json`` (the strings and the Java tokenizers' ids, written by a
small program over the test classes ``NodeTokenizers`` and ``TokenizerTestStrings``); the
project's Python tokenizer is run here too::

    python3 tools/check_tokenizers_hf.py FILES [--out report.json]
"""
from __future__ import annotations

import base64
import json
import os
import sys
import unicodedata
from typing import Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from medmoe_ref.tiktoken_bpe import SPECIAL_TOKENS  # noqa: E402
from medmoe_ref.tokenizer import Tokenizer  # noqa: E402

# Arcade100k's split pattern as tokenization_arcade100k.py hands it to tiktoken.
ARCADE100K_PAT_STR = (r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"""
                      r"""|\s*[\r\n]+|\s+(?!\S)|\s+""")


def compare(name: str, strings: List[str], truth: List[List[int]], candidates: Dict[str, List[List[int]]]) -> dict:
    report = {"truth": name, "strings": len(strings), "tokens": sum(len(t) for t in truth)}
    for label, ids in candidates.items():
        differ = [i for i, (a, b) in enumerate(zip(ids, truth)) if list(a) != list(b)]
        report[label] = {"differ": len(differ),
                         "examples": [{"text": strings[i], label: list(ids[i]), name: list(truth[i])} for i in differ[:3]]}
    return report


def main(argv: List[str]) -> int:
    files = argv[0]
    out = argv[argv.index("--out") + 1] if "--out" in argv else None
    with open(os.path.join(files, "java-ids.json"), encoding="utf-8") as f:
        java = json.load(f)
    import tiktoken
    import tokenizers
    import transformers
    from tokenizers import AddedToken, decoders, models, pre_tokenizers

    report: Dict[str, object] = {"tokenizers": tokenizers.__version__, "transformers": transformers.__version__,
                                 "tiktoken": getattr(tiktoken, "__version__", "?")}
    # Byte-level BPE with Phi-2-like added tokens.
    bpe = java["bpe"]
    rust = tokenizers.Tokenizer(models.BPE.from_file(os.path.join(files, "vocab.json"),
                                                     os.path.join(files, "merges.txt")))
    rust.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    rust.decoder = decoders.ByteLevel()
    with open(os.path.join(files, "added_tokens.json"), encoding="utf-8") as f:
        added = sorted(json.load(f).items(), key=lambda kv: kv[1])
    rust.add_tokens([AddedToken(content, normalized=True, special=False) for content, _ in added])
    rust.add_special_tokens([AddedToken("<|endoftext|>", special=True)])
    assert all(rust.token_to_id(content) == index for content, index in added), "added ids differ"
    truth = [rust.encode(s, add_special_tokens=False).ids for s in bpe["strings"]]
    ours = Tokenizer(files)
    candidates = {"java": bpe["java"], "python": [ours.encode(s) for s in bpe["strings"]]}
    try:
        hf = transformers.AutoTokenizer.from_pretrained(files, use_fast=False)
        report["transformersTokenizer"] = type(hf).__name__
        candidates["transformers"] = [hf.encode(s, add_special_tokens=False) for s in bpe["strings"]]
    except Exception as exc:  # noqa: BLE001 - report and go on
        report["transformersTokenizer"] = repr(exc)
    report["bpe"] = compare("tokenizersRust", bpe["strings"], truth, candidates)
    # Arcade100k's tiktoken.
    tk = java["tiktoken"]
    with open(os.path.join(files, "tiktoken", "gpt2.tiktoken"), "rb") as f:
        ranks = {base64.b64decode(token): int(rank) for token, rank in (line.split() for line in f if line.strip())}
    encoding = tiktoken.Encoding(name="arcade100k-pattern-gpt2-ranks", pat_str=ARCADE100K_PAT_STR,
                                 mergeable_ranks=ranks, special_tokens=dict(SPECIAL_TOKENS))
    truth = [encoding.encode(unicodedata.normalize("NFC", s), allowed_special="all") for s in tk["strings"]]
    ours = Tokenizer(os.path.join(files, "tiktoken"))
    report["tiktoken"] = compare("tiktoken", tk["strings"], truth,
                                 {"java": tk["java"], "python": [ours.encode(s) for s in tk["strings"]]})
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
