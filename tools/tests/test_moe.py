"""The MoE feed-forward against a hand computation of the Med-MoE rule."""
import unittest

import torch
from torch.nn import functional as F

from support import small_model

from medmoe_ref.decoder import set_moe_compute


def manual_moe(moe, x, top_k):
    """Token by token: softmax(W x + b) in fp32, top-k experts, plus the meta expert."""
    out = torch.zeros_like(x)
    flat_x, flat_out = x.reshape(-1, x.shape[-1]), out.reshape(-1, x.shape[-1])
    for t in range(flat_x.shape[0]):
        token = flat_x[t:t + 1]
        probs = torch.softmax(moe.gate.router(token.float())[0], dim=-1)
        order = sorted(range(len(probs)), key=lambda e: -float(probs[e]))
        if top_k == 1:
            chosen = [(order[0], float(probs[order[0]]))]  # not renormalised
        else:
            total = float(probs[order[0]] + probs[order[1]])
            chosen = [(order[0], float(probs[order[0]]) / total), (order[1], float(probs[order[1]]) / total)]
        value = torch.zeros(x.shape[-1])
        for expert, weight in chosen:
            value = value + weight * moe.experts[expert](token)[0]
        if moe.use_residual:  # DeepSpeed's Residual MoE: a 2-way softmax mixes experts and the dense MLP
            coef = torch.softmax(moe.coefficient(token.float())[0], dim=-1)
            value = value * coef[0] + moe.residual(token)[0] * coef[1]
        flat_out[t] = value + moe.meta(token)[0]
    return out


class MoELayerTest(unittest.TestCase):
    def check(self, variant, top_k, use_residual=False):
        model = small_model(variant, top_k=top_k, use_residual=use_residual)
        moe = model.decoder.layers[0].mlp
        x = torch.randn(2, 5, model.cfg.decoder.hidden_size, generator=torch.Generator().manual_seed(1))
        with torch.no_grad():
            got, router_logits = moe(x)
            expected = manual_moe(moe, x, top_k)
            expected_logits = F.linear(x, moe.gate.router.weight, moe.gate.router.bias)
        torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-6)
        torch.testing.assert_close(router_logits, expected_logits)
        self.assertEqual(router_logits.dtype, torch.float32)

    def test_top1_weights_expert_by_unrenormalised_probability_plus_meta_phi2(self):
        self.check("phi2", 1)

    def test_top1_stablelm(self):
        self.check("stablelm", 1)

    def test_top2_renormalises_over_the_two_best_experts(self):
        self.check("phi2", 2)
        self.check("stablelm", 2)

    def test_residual_moe_mixes_experts_and_dense_mlp_before_the_meta_expert(self):
        self.check("phi2", 1, use_residual=True)
        self.check("stablelm", 2, use_residual=True)

    def test_residual_moe_changes_the_output(self):
        plain = small_model("phi2", top_k=2)
        residual = small_model("phi2", top_k=2, use_residual=True)
        x = torch.randn(1, 4, plain.cfg.decoder.hidden_size, generator=torch.Generator().manual_seed(5))
        with torch.no_grad():
            a, _ = plain.decoder.layers[0].mlp(x)
            b, _ = residual.decoder.layers[0].mlp(x)
        self.assertGreater(float((a - b).abs().max()), 1e-3)

    def test_top1_output_differs_from_renormalised_weighting(self):
        model = small_model("phi2", top_k=1)
        moe = model.decoder.layers[0].mlp
        x = torch.randn(1, 3, model.cfg.decoder.hidden_size, generator=torch.Generator().manual_seed(2))
        with torch.no_grad():
            _, weights = moe.gate(x)
        self.assertTrue(bool((weights.sum(-1) < 1.0 - 1e-4).all()), "top-1 weight must be p[e], not 1")
        self.assertTrue(bool(((weights > 0).sum(-1) == 1).all()))

    def check_sparse_equals_dense(self, variant, top_k, shape, use_residual=False):
        model = small_model(variant, top_k=top_k, use_residual=use_residual)
        moe = model.decoder.layers[0].mlp
        x = torch.randn(*shape, model.cfg.decoder.hidden_size, generator=torch.Generator().manual_seed(3))
        with torch.no_grad():
            dense, dense_logits = moe(x)
            set_moe_compute(model, "sparse")
            sparse, sparse_logits = moe(x)
            expected = manual_moe(moe, x, top_k)
        self.assertEqual(moe.compute, "sparse")
        torch.testing.assert_close(sparse, dense, rtol=1e-5, atol=1e-6)
        torch.testing.assert_close(sparse, expected, rtol=1e-5, atol=1e-6)
        self.assertTrue(torch.equal(sparse_logits, dense_logits))

    def test_sparse_compute_equals_dense_for_both_variants_and_top_k(self):
        for variant in ("phi2", "stablelm"):
            for top_k in (1, 2):
                with self.subTest(variant=variant, top_k=top_k):
                    self.check_sparse_equals_dense(variant, top_k, (3, 7))
        self.check_sparse_equals_dense("phi2", 2, (2, 5), use_residual=True)

    def test_sparse_compute_handles_experts_without_tokens(self):
        # One token: top-1 leaves three experts with no rows, top-2 leaves two.
        self.check_sparse_equals_dense("phi2", 1, (1, 1))
        self.check_sparse_equals_dense("stablelm", 2, (1, 1))

    def test_unknown_moe_compute_is_refused(self):
        with self.assertRaises(ValueError):
            set_moe_compute(small_model("phi2"), "blocked")

    def test_moe_layers_are_every_other_layer_starting_at_zero(self):
        model = small_model("phi2")
        self.assertEqual([i for i, l in enumerate(model.decoder.layers) if l.is_moe], [0, 2])


if __name__ == "__main__":
    unittest.main()
