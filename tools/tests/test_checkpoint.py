"""Released-checkpoint layout -> loader: every tensor the layout lists lands where the layout says.

The synthetic checkpoints are written from tools/checkpoint-layouts/*.tsv (the release's names, from
the reference code), never from the loader's own key mapping, so a disagreement fails here.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

from support import TOOLS

from checkpoint import CheckpointError, load_checkpoint, open_checkpoint, read_hf_config
from medmoe_ref import layout
from medmoe_ref.weights import CheckpointReader

WRITER = os.path.join(TOOLS, "make_synthetic_checkpoint.py")


def write(out, *args):
    subprocess.run([sys.executable, WRITER, "--out", out, *args], check=True, capture_output=True)
    return out


class CheckpointLoaderTest(unittest.TestCase):
    def setUp(self):
        torch.set_num_threads(1)
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def assert_loaded_as_the_layout_says(self, directory, variant, use_residual, file_format):
        model = load_checkpoint(directory)
        cfg = model.cfg
        dims = layout.Dims(hidden=cfg.decoder.hidden_size, inter=cfg.decoder.intermediate_size,
                           vocab=cfg.decoder.vocab_size, layers=cfg.decoder.num_layers, moe_layers=tuple(cfg.moe.layers),
                           experts=cfg.moe.num_experts, vhidden=cfg.vision.hidden_size,
                           vinter=cfg.vision.intermediate_size, vlayers=cfg.vision.num_layers,
                           patch=cfg.vision.patch_size, image_size=cfg.vision.image_size)
        reader = CheckpointReader(directory)
        state = model.state_dict()
        rows = list(layout.expand(variant, dims, use_residual=use_residual, file_format=file_format))
        self.assertEqual(sorted(r.name for r in rows), reader.keys(), "the checkpoint holds exactly the layout's names")
        referenced = set()
        for row in rows:
            if row.reference == "-":
                continue
            referenced.add(row.reference)
            np.testing.assert_array_equal(state[row.reference].numpy(), reader.read(row.name).reshape(row.shape),
                                          err_msg=f"{row.name} -> {row.reference}")
        if use_residual and file_format == "safetensors":  # stored once, as the meta expert
            for name in state:
                if ".mlp.residual." in name:
                    referenced.add(name)
                    self.assertTrue(torch.equal(state[name], state[name.replace(".residual.", ".meta.")]), name)
        self.assertEqual(referenced, set(state), "every reference parameter comes from the layout")
        return model

    def test_phi2_release_layout_loads_as_written_down(self):
        directory = write(self.path("phi2"), "--variant", "phi2", "--shards", "3", "--top-k", "2", "--use-residual")
        model = self.assert_loaded_as_the_layout_says(directory, "phi2", True, "safetensors")
        cfg = model.cfg
        self.assertIsNone(read_hf_config(directory)["eos_token_id"])
        self.assertEqual(cfg.prompt.eos_token_id, 0, "EOS from the tokenizer when config.json has none")
        self.assertEqual((cfg.moe.top_k, cfg.moe.use_residual), (2, True))
        self.assertFalse(cfg.decoder.lm_head_bias, "the MoE-LLaVA Phi head has no bias")
        self.assertEqual(cfg.image.fit, "pad")
        self.assertEqual(cfg.decoder.rotary_dim, 6)  # int(16 * 0.4)
        self.assertGreaterEqual(cfg.decoder.vocab_size, 64 + 30, "the embedding is padded beyond the tokenizer")

    def test_stablelm_release_layout_loads_as_written_down(self):
        directory = write(self.path("stablelm"), "--variant", "stablelm")
        model = self.assert_loaded_as_the_layout_says(directory, "stablelm", False, "safetensors")
        self.assertTrue(model.cfg.decoder.qkv_bias)
        self.assertEqual(model.cfg.decoder.rotary_dim, 4)

    def test_pytorch_bin_duplicate_gives_the_same_model_and_both_residual_names(self):
        both = write(self.path("both"), "--variant", "phi2", "--use-residual", "--bin")
        only_bin = self.path("bin")
        os.makedirs(only_bin)
        for name in os.listdir(both):
            if not name.startswith("model"):
                os.link(os.path.join(both, name), os.path.join(only_bin, name))
        from_bin = self.assert_loaded_as_the_layout_says(only_bin, "phi2", True, "bin")
        from_safetensors = load_checkpoint(both)
        for key, value in from_safetensors.state_dict().items():
            self.assertTrue(torch.equal(value, from_bin.state_dict()[key]), key)

    def test_router_labels_top_k_and_fit_can_be_overridden(self):
        directory = write(self.path("ck"), "--variant", "phi2")
        cfg, _ = open_checkpoint(directory, router_labels=["XRAY", "CT", "MRI", "PATHOLOGY"], top_k=2, fit="crop")
        self.assertEqual(cfg.moe.router_labels, ["XRAY", "CT", "MRI", "PATHOLOGY"])
        self.assertEqual((cfg.moe.top_k, cfg.image.fit), (2, "crop"))

    def edited(self, **changes):
        directory = write(self.path("edit"), "--variant", "stablelm")
        with open(os.path.join(directory, "config.json"), encoding="utf-8") as f:
            config = json.load(f)
        config.update(changes)
        with open(os.path.join(directory, "config.json"), "w", encoding="utf-8") as f:
            json.dump(config, f)
        return directory

    def test_settings_the_release_does_not_have_are_refused_by_name(self):
        for change, message in ((dict(image_projector_type="qformer4_36"), "image_projector_type"),
                                (dict(num_key_value_heads=2), "num_key_value_heads"),
                                (dict(hidden_act="gelu"), "hidden_act"),
                                (dict(mm_vision_select_feature="cls_patch"), "mm_vision_select_feature")):
            with self.subTest(change=change):
                with self.assertRaisesRegex(CheckpointError, message):
                    open_checkpoint(self.edited(**change))

    def test_missing_eos_everywhere_is_a_clear_error(self):
        directory = self.edited(eos_token_id=None)
        os.remove(os.path.join(directory, "tokenizer.json"))
        with self.assertRaisesRegex(CheckpointError, "no eos_token_id"):
            open_checkpoint(directory)


if __name__ == "__main__":
    unittest.main()
