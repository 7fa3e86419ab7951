"""The three tokenizer kinds on tiny hand-checked files, kind detection, and bad files."""
import base64
import json
import os
import tempfile
import unittest

from support import TINY_FIXTURE

from medmoe_ref.bpe import BYTE_TO_CHAR, ByteLevelBPE, trie_split
from medmoe_ref.text_patterns import arcade100k_pattern, gpt2_pattern
from medmoe_ref.tiktoken_bpe import Tiktoken
from medmoe_ref.tokenizer import Tokenizer, tokenizer_files

G_T, HE, G_THE, G_A = 256, 257, 258, 259
EOT, TWO_SPACES, FOUR_SPACES, TWO_TABS = 260, 261, 263, 264


def write_bpe(directory, config=None, **files):
    """256 bytes as ids 0..255 (id = byte value) and the merges Ġ t, h e, Ġt he, Ġ a (ids 256..259)."""
    os.makedirs(directory, exist_ok=True)
    vocab = {BYTE_TO_CHAR[b]: b for b in range(256)}
    vocab.update({"Ġt": G_T, "he": HE, "Ġthe": G_THE, "Ġa": G_A})
    with open(os.path.join(directory, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f)
    with open(os.path.join(directory, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\nĠ t\nh e\nĠt he\nĠ a\n")
    if config is not None:
        files["tokenizer_config.json"] = config
    for name, doc in files.items():
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            json.dump(doc, f)
    return directory


def token(content, special, **flags):
    return {"content": content, "lstrip": False, "rstrip": False, "single_word": False, "normalized": not special,
            "special": special, **flags}


def phi2_like_config():
    added = {str(EOT): token("<|endoftext|>", True), str(TWO_SPACES): token("  ", False), "262": token("   ", False),
             str(FOUR_SPACES): token("    ", False), str(TWO_TABS): token("\t\t", False)}
    return {"added_tokens_decoder": added, "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
            "unk_token": "<|endoftext|>", "tokenizer_class": "CodeGenTokenizer"}


class ByteLevelBpeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def dir(self, name):
        return os.path.join(self.tmp.name, name)

    def test_merges_the_lowest_ranked_pair_first(self):
        bpe = ByteLevelBPE(write_bpe(self.dir("t")))
        self.assertEqual(bpe.encode("the the"), [ord("t"), HE, G_THE])
        self.assertEqual(bpe.encode(" a"), [G_A])
        self.assertEqual(bpe.encode("é"), [0xC3, 0xA9])
        self.assertEqual(bpe.encode(""), [])

    def test_cuts_out_runs_of_spaces_and_end_of_text_as_phi2_does(self):
        bpe = ByteLevelBPE(write_bpe(self.dir("phi2"), phi2_like_config()))
        self.assertEqual(bpe.encode("a    b"), [ord("a"), FOUR_SPACES, ord("b")])
        self.assertEqual(bpe.encode("a     b"), [ord("a"), FOUR_SPACES, ord(" "), ord("b")])
        self.assertEqual(bpe.encode("x\t\t\ty"), [ord("x"), TWO_TABS, ord("\t"), ord("y")])
        self.assertEqual(bpe.encode("x<|endoftext|>y"), [ord("x"), EOT, ord("y")])
        self.assertEqual(bpe.size(), 265)

    def test_prefers_the_earliest_added_token_then_the_longest(self):
        self.assertEqual(trie_split("ABCD", ["AB", "ABCD", "BC"]), ["ABCD"])
        self.assertEqual(trie_split("ABCE", ["AB", "ABCD", "BC"]), ["AB", "CE"])
        self.assertEqual(trie_split("XBCD", ["AB", "ABCD", "BC"]), ["X", "BC", "D"])
        self.assertEqual(trie_split("ABAB", ["AB", "ABCD", "BC"]), ["AB", "AB"])

    def test_strips_around_an_added_token_as_its_flags_say(self):
        config = {"added_tokens_decoder": {"270": token("<mask>", True, lstrip=True),
                                           "271": token("<right>", True, rstrip=True),
                                           "272": token("pre", False, single_word=True)}}
        bpe = ByteLevelBPE(write_bpe(self.dir("flags"), config))
        self.assertEqual(bpe.encode("a <mask> b"), [ord("a"), 270, ord(" "), ord("b")])
        self.assertEqual(bpe.encode("a <right> b"), [ord("a"), ord(" "), 271, ord("b")])
        self.assertEqual(bpe.encode("pre fix"), [272, ord(" "), ord("f"), ord("i"), ord("x")])
        self.assertEqual(bpe.encode("prefix"), [ord(c) for c in "prefix"])

    def test_decodes_as_transformers_slow_tokenizer(self):
        bpe = ByteLevelBPE(write_bpe(self.dir("phi2"), phi2_like_config()))
        self.assertEqual(bpe.decode([ord("x"), EOT, ord("y")]), "xy")
        self.assertEqual(bpe.decode([ord("a"), FOUR_SPACES, ord("b")]), "a      b")
        self.assertEqual(bpe.decode(bpe.encode("yes , it is .")), "yes, it is.")
        self.assertEqual(bpe.decode([0xED, 0xA0, 0x80]), "\ufffd\ufffd\ufffd")
        self.assertEqual(bpe.decode([0xE2, 0x82, 9999]), "\ufffd")

    def test_reads_the_legacy_added_tokens_and_special_tokens_map(self):
        directory = write_bpe(self.dir("legacy"), **{
            "added_tokens.json": {"<|endoftext|>": EOT, "  ": TWO_SPACES},
            "special_tokens_map.json": {"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
                                        "unk_token": "<|extra_0|>", "pad_token": "<|extra_0|>"}})
        bpe = ByteLevelBPE(directory)
        self.assertEqual(bpe.encode("<|extra_0|>x<|endoftext|>"), [262, ord("x"), EOT])
        self.assertEqual(bpe.size(), 263)
        self.assertEqual(bpe.decode([262, ord("a"), TWO_SPACES, ord("b"), EOT]), "a    b")

    def test_names_a_missing_or_malformed_file(self):
        directory = write_bpe(self.dir("bad"))
        os.remove(os.path.join(directory, "vocab.json"))
        with self.assertRaisesRegex(ValueError, "vocab.json is missing"):
            ByteLevelBPE(directory)
        write_bpe(directory)
        with open(os.path.join(directory, "merges.txt"), "w", encoding="utf-8") as f:
            f.write("#version: 0.2\nĠ t\nh e x\n")
        with self.assertRaisesRegex(ValueError, "merges.txt: line 3 must be two tokens"):
            ByteLevelBPE(directory)
        write_bpe(directory, {"tokenizer_class": "LlamaTokenizer"})
        with self.assertRaisesRegex(ValueError, "tokenizer_class LlamaTokenizer"):
            ByteLevelBPE(directory)


class TiktokenTest(unittest.TestCase):
    def ranks(self, extra):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        path = os.path.join(self.tmp.name, "tiny.tiktoken")
        with open(path, "w", encoding="ascii") as f:
            for b in range(256):
                f.write(f"{base64.b64encode(bytes([b])).decode()} {b}\n")
            for text, rank in extra.items():
                f.write(f"{base64.b64encode(text.encode()).decode()} {rank}\n")
        return path

    def test_merges_by_rank_and_takes_special_tokens(self):
        t = Tiktoken(self.ranks({"th": 256, "he": 257, "the": 258, " t": 259, " the": 260, "aa": 261, "12": 262}))
        self.assertEqual(t.encode("the"), [258])
        self.assertEqual(t.encode(" thex"), [260, ord("x")])
        self.assertEqual(t.encode("aaa"), [261, ord("a")])
        self.assertEqual(t.encode("123"), [ord("1"), ord("2"), ord("3")])
        self.assertEqual(t.encode("<|im_start|>the<|im_end|>"), [100277, 258, 100278])
        self.assertEqual(t.encode("e\u0301"), t.encode("é"))
        self.assertEqual(t.size(), 100289)
        self.assertEqual(t.decode([100277, 260, ord("x"), 100278, 99999]), " thex")

    def test_names_a_malformed_file(self):
        path = self.ranks({})
        with open(path, "w", encoding="ascii") as f:
            f.write("IQ== 0\nIg==\n")
        with self.assertRaisesRegex(ValueError, "line 2 is not 'base64\\(token\\) rank'"):
            Tiktoken(path)
        with open(path, "w", encoding="ascii") as f:
            f.write("IQ== 0\n")
        with self.assertRaisesRegex(ValueError, "no rank for the single byte 0x00"):
            Tiktoken(path)


class ExporterAgreementTest(unittest.TestCase):
    """What the exporter writes (tokenizer size, EOS id) agrees with the tokenizers."""

    def test_tiktoken_size_and_eos_follow_arcade100ks_numbering(self):
        from checkpoint import tokenizer_eos
        from medmoe_ref import tokenizer_files as files

        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "arcade.tiktoken")
            with open(path, "w", encoding="ascii") as f:
                for b in range(256):
                    f.write(f"{base64.b64encode(bytes([b])).decode()} {b}\n")
            tiktoken = Tiktoken(path)
            self.assertEqual(files.size("tiktoken", [path]), tiktoken.size())
            self.assertEqual(tiktoken.size(), 100289)
            self.assertEqual(tokenizer_eos(d), ("<|endoftext|>", 100257))
            self.assertEqual(tiktoken.encode("<|endoftext|>"), [100257])

    def test_bpe_size_agrees(self):
        from medmoe_ref import tokenizer_files as files

        with tempfile.TemporaryDirectory() as d:
            write_bpe(d, phi2_like_config())
            kind, paths = files.detect(d)
            self.assertEqual(files.size(kind, paths), ByteLevelBPE(d).size())


class PatternTest(unittest.TestCase):
    def test_gpt2_pattern(self):
        self.assertEqual(gpt2_pattern().findall("Hello  world"), ["Hello", " ", " world"])
        self.assertEqual(gpt2_pattern().findall("it's 12345 DON'T"), ["it", "'s", " 12345", " DON", "'", "T"])
        self.assertEqual(gpt2_pattern().findall("a\u00a0\u3000b\x1c"), ["a", "\u00a0", "\u3000", "b", "\x1c"])

    def test_arcade100k_pattern(self):
        self.assertEqual(arcade100k_pattern().findall("123abc"), ["1", "2", "3", "abc"])
        self.assertEqual(arcade100k_pattern().findall("x\n\n  y"), ["x", "\n\n", " ", " y"])
        self.assertEqual(arcade100k_pattern().findall("DON'Tx 'ſx"), ["DON", "'T", "x", " '", "ſx"])
        self.assertEqual(arcade100k_pattern().findall("'ſx"), ["'ſ", "x"])
        self.assertEqual(arcade100k_pattern().findall("a\x85\x85b"), ["a", "\x85", "\x85b"])


class DetectionTest(unittest.TestCase):
    def test_detects_the_kind_from_the_files_present(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(FileNotFoundError):
                tokenizer_files(d)
            open(os.path.join(d, "a.tiktoken"), "w").close()
            self.assertEqual(tokenizer_files(d), ("tiktoken", ["a.tiktoken"]))
            with open(os.path.join(d, "tokenizer_config.json"), "w") as f:
                f.write("{}")
            self.assertEqual(tokenizer_files(d), ("tiktoken", ["a.tiktoken", "tokenizer_config.json"]))
            open(os.path.join(d, "b.tiktoken"), "w").close()
            with self.assertRaises(FileNotFoundError):
                tokenizer_files(d)
            write_bpe(d, **{"special_tokens_map.json": {}})
            self.assertEqual(tokenizer_files(d), ("bpe", ["vocab.json", "merges.txt", "tokenizer_config.json",
                                                          "special_tokens_map.json"]))
            self.assertEqual(Tokenizer(d).kind, "bpe")
            with open(os.path.join(d, "tokenizer.json"), "w") as f:
                f.write("{}")
            self.assertEqual(tokenizer_files(d), ("tokenizer.json", ["tokenizer.json"]))

    def test_tiny_model_tokenizer_json_is_read_as_before(self):
        by_file = Tokenizer(os.path.join(TINY_FIXTURE, "tokenizer.json"))
        by_dir = Tokenizer(TINY_FIXTURE)
        self.assertEqual(by_dir.kind, "tokenizer.json")
        self.assertEqual(by_dir.size(), 42)
        self.assertEqual(by_file.encode("Is there an abnormality?"), [27, 30, 8, 31, 29])
        self.assertEqual(by_dir.encode("Is there an abnormality?<|endoftext|>"), [27, 30, 8, 31, 29, 0])


if __name__ == "__main__":
    unittest.main()
