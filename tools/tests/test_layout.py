"""The released checkpoints' layouts (tools/checkpoint-layouts/) against the paper's sizes."""
import unittest

from support import TOOLS  # noqa: F401  (sets the import path)

from medmoe_ref import layout


class LayoutTest(unittest.TestCase):
    def test_phi2_layout_has_the_papers_parameter_counts(self):
        # Med-MoE (Phi2): about 6.1B language-model parameters, 3.6B activated (top-1 + meta expert)
        counts = layout.parameter_counts("phi2", layout.RELEASED["phi2"])
        self.assertAlmostEqual(counts["total"] / 1e9, 6.1, delta=0.06)
        self.assertAlmostEqual(counts["activated"] / 1e9, 3.6, delta=0.04)

    def test_stablelm_layout_has_the_papers_parameter_counts(self):
        # Med-MoE (StableLM): about 3.3B language-model parameters, 2.0B activated
        counts = layout.parameter_counts("stablelm", layout.RELEASED["stablelm"])
        self.assertAlmostEqual(counts["total"] / 1e9, 3.3, delta=0.04)
        self.assertAlmostEqual(counts["activated"] / 1e9, 2.0, delta=0.07)

    def test_placeholders_expand_over_layers_experts_and_vision_layers(self):
        rows = {r.name: r for r in layout.expand("stablelm", layout.RELEASED["stablelm"])}
        self.assertIn("model.layers.22.mlp.deepspeed_moe.experts.deepspeed_experts.3.down_proj.weight", rows)
        self.assertIn("model.layers.23.mlp.gate_proj.weight", rows)
        self.assertNotIn("model.layers.23.mlp.deepspeed_moe.gate.wg.weight", rows)
        self.assertIn("model.image_tower.image_tower.vision_model.encoder.layers.23.mlp.fc2.bias", rows)
        self.assertEqual(rows["model.layers.0.mlp.deepspeed_moe.gate.wg.weight"].shape, (4, 2048))
        self.assertEqual(rows["model.layers.0.mlp.deepspeed_moe.gate.wg.weight"].dtype, "f32")
        self.assertEqual(rows["model.embed_tokens.weight"].shape, (100352, 2048))
        self.assertEqual(rows["model.image_tower.image_tower.vision_model.embeddings.position_embedding.weight"].shape,
                         (577, 1024))
        self.assertEqual(rows["model.layers.5.mlp.down_proj.weight"].reference, "decoder.layers.5.mlp.down_proj.weight")

    def test_residual_moe_names_depend_on_the_file_format(self):
        dims = layout.RELEASED["phi2"]
        safetensors = {r.name for r in layout.expand("phi2", dims, use_residual=True)}
        bin_file = {r.name for r in layout.expand("phi2", dims, use_residual=True, file_format="bin")}
        plain = {r.name for r in layout.expand("phi2", dims)}
        self.assertIn("model.layers.0.mlp.coefficient.weight", safetensors)
        self.assertNotIn("model.layers.0.mlp.mlp.fc1.weight", safetensors)
        self.assertIn("model.layers.0.mlp.mlp.fc1.weight", bin_file)
        self.assertNotIn("model.layers.0.mlp.coefficient.weight", plain)

    def test_phi2_head_has_no_bias_and_stablelm_qkv_bias_is_conditional(self):
        phi = {r.name for r in layout.expand("phi2", layout.RELEASED["phi2"])}
        self.assertIn("lm_head.weight", phi)
        self.assertNotIn("lm_head.bias", phi)
        self.assertIn("model.layers.0.self_attn.dense.bias", phi)
        no_bias = {r.name for r in layout.expand("stablelm", layout.RELEASED["stablelm"], qkv_bias=False)}
        self.assertNotIn("model.layers.0.self_attn.q_proj.bias", no_bias)


if __name__ == "__main__":
    unittest.main()
