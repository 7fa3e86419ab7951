"""Released-checkpoint layout -> loader -> reference model -> export, against the direct model."""
import json
import os
import tempfile
import unittest

import torch

from support import TOOLS  # noqa: F401  (sets the import path)

from checkpoint import CheckpointReader, SafetensorsFile, load_checkpoint
from make_synthetic_checkpoint import synthetic_model, write_checkpoint
from medmoe_ref.onnx_export import export_model


class CheckpointLoaderTest(unittest.TestCase):
    def round_trip(self, variant, dtype):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        direct = synthetic_model(variant, seed=11, bf16=dtype == "BF16")
        write_checkpoint(direct, tmp.name, dtype=dtype, shards=2)
        loaded = load_checkpoint(tmp.name)
        self.assertEqual(loaded.cfg.to_dict() | {"name": None}, direct.cfg.to_dict() | {"name": None})
        for key, value in direct.state_dict().items():
            self.assertTrue(torch.equal(loaded.state_dict()[key], value), key)
        gen = torch.Generator().manual_seed(0)
        pixels = torch.randn(1, 3, 64, 64, generator=gen)
        with torch.no_grad():
            a = direct.encode_images(pixels)
            b = loaded.encode_images(pixels)
            mask, pos = torch.ones(1, a.shape[1], dtype=torch.long), torch.arange(a.shape[1]).unsqueeze(0)
            la, _, ra = direct.decode(a, mask, pos)
            lb, _, rb = loaded.decode(b, mask, pos)
        self.assertTrue(torch.equal(la, lb))
        self.assertTrue(all(torch.equal(x, y) for x, y in zip(ra, rb)))
        return tmp.name, loaded

    def test_phi2_bf16_sharded_checkpoint_loads_exactly(self):
        directory, loaded = self.round_trip("phi2", "BF16")
        self.assertTrue(loaded.cfg.decoder.lm_head_bias)
        self.assertEqual(loaded.cfg.image.fit, "pad")
        out = os.path.join(directory, "export")
        doc = export_model(loaded, os.path.join(directory, "tokenizer.json"), out)
        self.assertEqual(doc["variant"], "phi2")
        self.assertEqual(doc["moe"]["layers"], [0, 2])

    def test_stablelm_f32_checkpoint_loads_exactly(self):
        _, loaded = self.round_trip("stablelm", "F32")
        self.assertFalse(loaded.cfg.decoder.lm_head_bias)
        self.assertEqual(loaded.cfg.decoder.rotary_dim, 4)

    def test_config_top_k_and_router_labels_are_honoured(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        write_checkpoint(synthetic_model("phi2", seed=2, bf16=True), tmp.name)
        with open(os.path.join(tmp.name, "config.json"), encoding="utf-8") as f:
            config = json.load(f)
        config["moe"]["top_k_experts"] = 2
        with open(os.path.join(tmp.name, "config.json"), "w", encoding="utf-8") as f:
            json.dump(config, f)
        loaded = load_checkpoint(tmp.name, router_labels=["XRAY", "CT", "MRI", "PATHOLOGY"])
        self.assertEqual(loaded.cfg.moe.top_k, 2)
        self.assertEqual(loaded.cfg.moe.router_labels, ["XRAY", "CT", "MRI", "PATHOLOGY"])
        self.assertEqual(load_checkpoint(tmp.name, top_k=1).cfg.moe.top_k, 1)

    def test_safetensors_reader_widens_bf16(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        from make_synthetic_checkpoint import write_safetensors

        value = torch.tensor([[1.0, -2.5], [3.140625, 1e-3]]).to(torch.bfloat16).float()
        path = os.path.join(tmp.name, "x.safetensors")
        write_safetensors(path, {"w": value}, "BF16")
        self.assertTrue(torch.equal(SafetensorsFile(path).tensor("w"), value))
        self.assertEqual(CheckpointReader(tmp.name).keys(), ["w"])


if __name__ == "__main__":
    unittest.main()
