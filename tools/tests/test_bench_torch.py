"""The PyTorch benchmark's shared-prefix run answers as running each question from scratch."""
import unittest

import torch

from support import small_model

import bench_torch


class SharedPrefixRunTest(unittest.TestCase):
    def check(self, variant: str) -> None:
        model = small_model(variant)
        size = model.cfg.vision.image_size
        pixels = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(7))
        first, second = [1, 2, 3], [4, 5, 6, 7]
        _, shared, shared_logits = bench_torch.shared_run(model, pixels, first, second, 3, 5)
        _, full, full_logits = bench_torch.one_run(model, pixels.repeat_interleave(3, 0), first, second, 5)
        self.assertEqual(shared.shape, (6, 6))
        self.assertTrue(torch.equal(shared, full), f"shared {shared.tolist()} != full {full.tolist()}")
        self.assertLess((shared_logits - full_logits).abs().max().item(), 1e-4)

    def test_phi2_shared_prefix_gives_the_tokens_of_full_prompts(self):
        self.check("phi2")

    def test_stablelm_shared_prefix_gives_the_tokens_of_full_prompts(self):
        self.check("stablelm")


if __name__ == "__main__":
    unittest.main()
