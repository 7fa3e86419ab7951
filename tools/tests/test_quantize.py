"""MatMulNBits packing: nibble order, scales, padding, and the error bound."""
import unittest

import numpy as np

from support import TOOLS  # noqa: F401  (sets the import path)

from medmoe_ref.quantize import QuantSettings, dequantize, fake_quantize, quantize


class QuantizeTest(unittest.TestCase):
    def test_int4_packs_even_k_in_the_low_nibble_with_the_default_zero_point(self):
        s = QuantSettings(4, block_size=16)
        w = np.zeros((1, 16), dtype=np.float32)
        w[0, 0], w[0, 1], w[0, 2] = 7.0, -7.0, 1.0  # absmax 7 -> scale 1; q = value + 8
        packed, scales = quantize(w, s)
        self.assertEqual(scales.tolist(), [1.0])
        self.assertEqual(packed.shape, (1, 1, 8))
        self.assertEqual(int(packed[0, 0, 0]), 15 | (1 << 4))  # k=0 -> 15 (low), k=1 -> 1 (high)
        self.assertEqual(int(packed[0, 0, 1]), 9 | (8 << 4))   # k=2 -> 9, k=3 -> 8 (zero)
        np.testing.assert_array_equal(dequantize(packed, scales, 16, s), w)

    def test_int8_stores_one_byte_per_weight_around_128(self):
        s = QuantSettings(8, block_size=16)
        w = np.linspace(-1, 1, 32, dtype=np.float32).reshape(1, 32)
        packed, scales = quantize(w, s)
        self.assertEqual(packed.shape, (1, 2, 16))
        self.assertEqual(int(packed[0, 0, 0]), 128 - 127)
        self.assertEqual(int(packed[0, 1, 15]), 128 + 127)
        np.testing.assert_allclose(scales, [np.abs(w[0, :16]).max() / 127, np.abs(w[0, 16:]).max() / 127], rtol=1e-6)

    def test_error_is_at_most_half_a_step_per_block(self):
        rng = np.random.default_rng(3)
        w = rng.standard_normal((37, 100)).astype(np.float32)  # K not a multiple of the block: padded
        for bits in (4, 8):
            s = QuantSettings(bits, block_size=32)
            packed, scales = quantize(w, s)
            back = dequantize(packed, scales, 100, s)
            self.assertEqual(back.shape, w.shape)
            step = np.repeat(scales.reshape(37, -1), 32, axis=1)[:, :100]
            self.assertTrue(np.all(np.abs(back - w) <= step / 2 + 1e-6), bits)
            np.testing.assert_array_equal(fake_quantize(w, s), back)

    def test_an_all_zero_block_stays_zero(self):
        s = QuantSettings(4, block_size=16)
        packed, scales = quantize(np.zeros((2, 16), dtype=np.float32), s)
        np.testing.assert_array_equal(dequantize(packed, scales, 16, s), np.zeros((2, 16)))

    def test_settings_refuse_what_matmulnbits_does_not_take(self):
        for bad in (dict(bits=3), dict(bits=4, block_size=24), dict(bits=4, block_size=8), dict(bits=8, accuracy_level=5)):
            with self.assertRaises(ValueError, msg=str(bad)):
                QuantSettings(**bad)


if __name__ == "__main__":
    unittest.main()
