"""The pre-tokenisation patterns of GPT-2 and Arcade100k for Python's ``re``.

The originals use ``\\p{L}`` (letters), ``\\p{N}`` (numbers) and ``\\s`` as the ``regex`` module
and Rust's regex read it (Unicode's White_Space property). ``re`` has no ``\\p{..}`` and its ``\\s``
also matches U+001C..U+001F, so the character classes are built here from ``unicodedata`` (once,
on first use, about half a second) and whitespace is spelt out. ``unicodedata`` is Unicode 14 in
Python 3.11; the Java side reads Java 17's tables (Unicode 13), so letters added in Unicode 14 are
the only place the two can differ.
"""
from __future__ import annotations

import functools
import re
import sys
import unicodedata
from typing import List, Tuple

#: Unicode White_Space, as the body of a character class.
WHITE_SPACE = "\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"


def _ranges(categories: str) -> List[Tuple[int, int]]:
    ranges: List[Tuple[int, int]] = []
    start = None
    for cp in range(sys.maxunicode + 2):
        inside = cp <= sys.maxunicode and unicodedata.category(chr(cp))[0] in categories
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            ranges.append((start, cp - 1))
            start = None
    return ranges


def _escape(cp: int) -> str:
    return f"\\U{cp:08x}"


@functools.lru_cache(maxsize=None)
def _class_body(categories: str) -> str:
    """The ranges of the general categories starting with one of ``categories`` (``"L"``, ``"N"``)."""
    return "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in _ranges(categories))


@functools.lru_cache(maxsize=None)
def gpt2_pattern() -> "re.Pattern[str]":
    """GPT-2's ``'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+``."""
    letters, numbers, space = _class_body("L"), _class_body("N"), WHITE_SPACE
    return re.compile(f"'s|'t|'re|'ve|'m|'ll|'d| ?[{letters}]+| ?[{numbers}]+| ?[^{space}{letters}{numbers}]+"
                      f"|[{space}]+(?![^{space}])|[{space}]+")


@functools.lru_cache(maxsize=None)
def arcade100k_pattern() -> "re.Pattern[str]":
    """Arcade100k's ``(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|
    ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+``; the case-insensitive group spelt out
    with its simple case folds (the long s U+017F folds to s; no other character folds to these letters)."""
    letters, numbers, space = _class_body("L"), _class_body("N"), WHITE_SPACE
    return re.compile("'(?:[sS\\u017f]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])"
                      f"|[^\\r\\n{letters}{numbers}]?[{letters}]+|[{numbers}]| ?[^{space}{letters}{numbers}]+[\\r\\n]*"
                      f"|[{space}]*[\\r\\n]+|[{space}]+(?![^{space}])|[{space}]+")


def without_lone_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (what tiktoken does before encoding)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
