"""The parity oracle's command line on the committed fixture."""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

from support import TINY_FIXTURE, TOOLS

from medmoe_ref.config import ModelConfig
from medmoe_ref.preprocess import load_pixels


class ReferenceCliTest(unittest.TestCase):
    def test_reference_reports_generation_routing_and_candidate_scores(self):
        cfg = ModelConfig.load(os.path.join(TINY_FIXTURE, "reference_config.json"))
        with open(os.path.join(TINY_FIXTURE, "images.json"), encoding="utf-8") as f:
            image = json.load(f)["images"][1]["file"]
        png = os.path.join(TINY_FIXTURE, image)
        with tempfile.TemporaryDirectory() as tmp:
            raw = os.path.join(tmp, "pixels.bin")
            load_pixels(png, cfg).numpy().astype("<f4").tofile(raw)
            cases = {"cases": [
                {"id": "png", "image": png, "question": "Is there an abnormality?", "maxNewTokens": 3,
                 "candidates": ["yes", "no"]},
                {"id": "bin", "image": "pixels.bin", "question": "Is there an abnormality?", "maxNewTokens": 3,
                 "candidates": ["yes", "no"]},
                {"id": "capped", "image": png, "question": "What modality is this?", "maxNewTokens": 1,
                 "candidates": None},
            ]}
            with open(os.path.join(tmp, "cases.json"), "w", encoding="utf-8") as f:
                json.dump(cases, f)
            out = os.path.join(tmp, "out.json")
            subprocess.run([sys.executable, os.path.join(TOOLS, "reference.py"), "--model", TINY_FIXTURE,
                            "--cases", os.path.join(tmp, "cases.json"), "--out", out], check=True)
            with open(out, encoding="utf-8") as f:
                results = {c["id"]: c for c in json.load(f)["cases"]}
        png_case, bin_case, capped = results["png"], results["bin"], results["capped"]
        self.assertEqual(png_case["tokens"], bin_case["tokens"])
        self.assertEqual(png_case["prefillLastLogits"], bin_case["prefillLastLogits"])
        first, second = png_case["promptIds"]
        prompt_length = len(first) + cfg.vision.num_patches + len(second)
        self.assertEqual(len(png_case["prefillLastLogits"]), cfg.decoder.vocab_size)
        self.assertEqual(len(png_case["expertChoices"]), len(cfg.moe.layers))
        for choices in png_case["expertChoices"]:
            self.assertEqual(len(choices), prompt_length + len(png_case["tokens"]) - 1)
        self.assertAlmostEqual(sum(png_case["modalityProbabilities"].values()), 1.0, places=6)
        self.assertEqual(list(png_case["modalityProbabilities"]), cfg.moe.router_labels)
        self.assertAlmostEqual(sum(png_case["candidateProbabilities"].values()), 1.0, places=9)
        scores = png_case["candidateLogLikelihoods"]
        expected = math.exp(scores["yes"]) / (math.exp(scores["yes"]) + math.exp(scores["no"]))
        self.assertAlmostEqual(png_case["candidateProbabilities"]["yes"], expected, places=9)
        self.assertEqual(len(capped["tokens"]), 1)
        self.assertNotIn("candidateProbabilities", capped)
        if png_case["tokens"][-1] == cfg.prompt.eos_token_id:
            self.assertNotIn("<|endoftext|>", png_case["text"])


if __name__ == "__main__":
    unittest.main()
