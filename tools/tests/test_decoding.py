"""KV-cache decoding equals full recomputation; left padding does not change answers."""
import unittest

import torch

from support import small_model


def full(model, embeds):
    t = embeds.shape[1]
    return model.decode(embeds, torch.ones(embeds.shape[0], t, dtype=torch.long), torch.arange(t).unsqueeze(0))


class KvCacheTest(unittest.TestCase):
    def check_cache(self, variant):
        model = small_model(variant)
        h = model.cfg.decoder.hidden_size
        embeds = torch.randn(1, 12, h, generator=torch.Generator().manual_seed(5))
        with torch.no_grad():
            logits_full, _, routers_full = full(model, embeds)
            logits_a, past, routers_a = full(model, embeds[:, :7])
            pieces, routers = [logits_a], [[r] for r in routers_a]
            for t in range(7, 12):
                logits_t, past, routers_t = model.decode(
                    embeds[:, t:t + 1], torch.ones(1, t + 1, dtype=torch.long), torch.tensor([[t]]), past)
                pieces.append(logits_t)
                for store, r in zip(routers, routers_t):
                    store.append(r)
        torch.testing.assert_close(torch.cat(pieces, 1), logits_full, rtol=1e-4, atol=1e-5)
        for store, r in zip(routers, routers_full):
            torch.testing.assert_close(torch.cat(store, 1), r, rtol=1e-4, atol=1e-5)
        self.assertEqual(past[0][0].shape, (1, model.cfg.decoder.num_heads, 12, model.cfg.decoder.head_dim))

    def test_phi2_cache_matches_recompute(self):
        self.check_cache("phi2")

    def test_stablelm_cache_matches_recompute(self):
        self.check_cache("stablelm")

    def test_left_padding_gives_the_same_logits(self):
        for variant in ("phi2", "stablelm"):
            model = small_model(variant)
            h = model.cfg.decoder.hidden_size
            gen = torch.Generator().manual_seed(6)
            short, long = torch.randn(1, 5, h, generator=gen), torch.randn(1, 8, h, generator=gen)
            batch = torch.cat([torch.cat([torch.zeros(1, 3, h), short], 1), long], 0)
            mask = torch.ones(2, 8, dtype=torch.long)
            mask[0, :3] = 0
            positions = (mask.cumsum(1) - 1).clamp(min=0)
            with torch.no_grad():
                logits, past, _ = model.decode(batch, mask, positions)
                alone, past_alone, _ = full(model, short)
                step = torch.randn(2, 1, h, generator=gen)
                mask2 = torch.cat([mask, torch.ones(2, 1, dtype=torch.long)], 1)
                next_logits, _, _ = model.decode(step, mask2, positions[:, -1:] + 1, past)
                next_alone, _, _ = model.decode(step[:1], torch.ones(1, 6, dtype=torch.long),
                                                torch.tensor([[5]]), past_alone)
            self.assertFalse(bool(torch.isnan(logits).any()))
            torch.testing.assert_close(logits[0, 3:], alone[0], rtol=1e-4, atol=1e-5)
            torch.testing.assert_close(next_logits[0], next_alone[0], rtol=1e-4, atol=1e-5)


if __name__ == "__main__":
    unittest.main()
