"""The Python BPE and tiktoken tokenizers against gpt-3-encoder and js-tiktoken (interop/js).

Skipped, with the reason, only where Node.js or interop/js/node_modules is missing (``./medmoe test``
runs ``npm ci`` there before these tests).
"""
import json
import os
import random
import shutil
import subprocess
import tempfile
import unicodedata
import unittest

from support import REPO

from medmoe_ref.bpe import clean_up
from medmoe_ref.tiktoken_bpe import SPECIAL_TOKEN_NAMES
from medmoe_ref.tokenizer import Tokenizer

INTEROP = os.path.join(REPO, "interop", "js")
COUNT = 3000
TEMPLATE = ("A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, "
            "detailed, and polite answers to the user's questions. USER: <image>\n{question} ASSISTANT:")
QUESTIONS = ["Is there a pneumothorax?", "What modality is used to take this image?", "Which organ is abnormal?",
             "Is the lesion on the left or the right side?", "What's the size of the mass in cm?",
             "Isn't the trachea deviated?", "Is the aorta dilated (>4.5 cm)?", "Which side shows the opacity — left?"]
PARTS = ["it's", "DON'T", "they're", "WE'VE", "I'm", "you'll", "HE'D", "'Stable", "'ſtable", "IT'SELF", "o'clock",
         "12345", "3.14", "120/80", "1,000,000", "2024-05-06", ".", "...", "?!", "((", "<image>", "<|", "|>",
         "café", "naïve", "Größe", "α-fetoprotein", "β", "Δ", "μg", "µg", "37 °C", "±", "½", "²", "Ⅻ", "①", "٣",
         "３", "Ａ", "肺炎", "胸部X線", "こんにちは", "폐렴", "😀", "🩺", "❤️", "👍🏽", "🇺🇸", "👩‍⚕️", "e\u0301",
         "a\u0308", "\u0301", "الرئة", "ריאה", "फेफड़े", "ปอด", "лёгкие", "ǅ", "ß", "ẞ", "\u00ad", "\u200b", "\u00a0",
         "\u2009", "\u3000", "\u2028", "“quoted”", "—", "pneumothorax", "ground-glass", "O'Brien", "COVID-19", "SpO2"]
SPACES = [" ", "  ", "\t", "\n", "\n\n", "\r\n", " \n ", "\t \t", "\x0b", "\x0c"]


def strings(seed: int, arcade: bool):
    """Deterministic strings: the prompt and its chunks, clinical questions, mixed fragments."""
    rng = random.Random(seed)
    out = [TEMPLATE] + TEMPLATE.split("<image>")
    for q in QUESTIONS:
        out += [TEMPLATE.replace("{question}", q), q, " " + q]
    extra = SPACES + ([" " * 40, "\t" * 12] if not arcade else ["\x85", "\ufeff", "\x1c"] + SPECIAL_TOKEN_NAMES)
    while len(out) < COUNT:
        s = ""
        for _ in range(rng.randint(1, 8)):
            kind = rng.randrange(6)
            if kind == 0:
                s += rng.choice(QUESTIONS)
            elif kind in (1, 2):
                s += rng.choice(PARTS)
            elif kind == 3:
                s += rng.choice(extra) * rng.randint(1, 3)
            elif kind == 4:
                s += "".join(chr(rng.choice([rng.randint(0x21, 0x7e), rng.randint(0xa1, 0x17f), rng.randint(0x370, 0x3ff),
                                             rng.randint(0x4e00, 0x4e80), rng.randint(0x1f600, 0x1f64f),
                                             rng.randint(0x300, 0x36f)])) for _ in range(rng.randint(1, 5)))
            else:
                s += str(rng.randint(0, 10 ** rng.randint(1, 9)))
            if rng.random() < 0.6:
                s += rng.choice(SPACES[:2])
        if arcade or "<|endoftext|>" not in s:
            out.append(s)
    return out


def node(*args):
    done = subprocess.run(["node", "tokenize.mjs", *args], cwd=INTEROP, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise AssertionError(f"node tokenize.mjs {' '.join(args)} failed: {done.stderr}")
    return json.loads(done.stdout) if done.stdout else None


@unittest.skipIf(shutil.which("node") is None, "node is not on the PATH: comparison with gpt-3-encoder/js-tiktoken skipped")
@unittest.skipIf(not (os.path.isdir(os.path.join(INTEROP, "node_modules", "gpt-3-encoder"))
                      and os.path.isdir(os.path.join(INTEROP, "node_modules", "js-tiktoken"))),
                 "interop/js/node_modules lacks gpt-3-encoder or js-tiktoken (run npm ci in interop/js): "
                 "comparison skipped")
class TokenizerTruthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        node("files", cls.tmp.name)
        cls.bpe_dir = os.path.join(cls.tmp.name, "bpe")
        cls.tiktoken_dir = os.path.join(cls.tmp.name, "tiktoken")
        os.makedirs(cls.bpe_dir)
        os.makedirs(cls.tiktoken_dir)
        for name in ("vocab.json", "merges.txt"):
            shutil.move(os.path.join(cls.tmp.name, name), cls.bpe_dir)
        shutil.move(os.path.join(cls.tmp.name, "gpt2.tiktoken"), cls.tiktoken_dir)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def write(self, texts):
        path = os.path.join(self.tmp.name, "strings.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(texts, f)
        return path

    def test_bpe_gives_the_ids_of_gpt3_encoder_and_js_tiktoken_r50k_base(self):
        texts = strings(20240415, arcade=False)
        truth = node("gpt2", self.write(texts))
        bpe = Tokenizer(self.bpe_dir, "bpe")
        differ = [(t, ours, a, b) for t, a, b in zip(texts, truth["gpt3Encoder"], truth["r50kBase"])
                  for ours in [bpe.encode(t)] if ours != a or ours != b]
        self.assertGreaterEqual(len(texts), COUNT)
        self.assertEqual(differ[:5], [], f"{len(differ)} of {len(texts)} strings differ")
        for t in texts:
            self.assertEqual(bpe.decode(bpe.encode(t)), clean_up(t), repr(t))

    def test_tiktoken_gives_the_ids_of_js_tiktoken_with_the_same_ranks_and_arcade100k_rules(self):
        texts = strings(20241201, arcade=True)
        truth = node("arcade", os.path.join(self.tiktoken_dir, "gpt2.tiktoken"), self.write(texts))
        tiktoken = Tokenizer(self.tiktoken_dir)
        self.assertEqual(tiktoken.kind, "tiktoken")
        differ = [(t, ours, js) for t, js in zip(texts, truth["jsTiktoken"]) for ours in [tiktoken.encode(t)]
                  if ours != js]
        self.assertGreater(sum(i >= 100257 for ids in truth["jsTiktoken"] for i in ids), 100)
        self.assertEqual(differ[:5], [], f"{len(differ)} of {len(texts)} strings differ")
        for t in texts:
            expected = unicodedata.normalize("NFC", t)
            for special in SPECIAL_TOKEN_NAMES:
                expected = expected.replace(special, "")
            self.assertEqual(tiktoken.decode(tiktoken.encode(t)), expected, repr(t))


if __name__ == "__main__":
    unittest.main()
