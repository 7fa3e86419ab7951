"""Image pre-processing: model-size PNGs are only normalised; other sizes are fitted first."""
import os
import tempfile
import unittest

import numpy as np

from support import TOOLS  # noqa: F401  (sets the import path)

from medmoe_ref.config import tiny_config
from medmoe_ref.preprocess import load_pixels


class PreprocessTest(unittest.TestCase):
    def setUp(self):
        from PIL import Image

        self.Image = Image
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.cfg = tiny_config()

    def save(self, array):
        path = os.path.join(self.tmp.name, f"{array.shape[1]}x{array.shape[0]}.png")
        self.Image.fromarray(array).save(path)
        return path

    def test_model_size_image_is_scaled_and_normalised_per_channel(self):
        rgb = np.random.RandomState(0).randint(0, 256, (64, 64, 3)).astype(np.uint8)
        pixels = load_pixels(self.save(rgb), self.cfg).numpy()
        expected = (rgb.astype(np.float32) / 255 - np.float32(self.cfg.image.mean)) / np.float32(self.cfg.image.std)
        np.testing.assert_allclose(pixels, expected.transpose(2, 0, 1), rtol=0, atol=1e-6)

    def test_wide_image_is_resized_on_its_short_side_and_centre_cropped(self):
        rgb = np.zeros((40, 120, 3), dtype=np.uint8)
        rgb[:, 40:80] = 255  # a white centre band that fills the crop
        pixels = load_pixels(self.save(rgb), self.cfg)
        self.assertEqual(tuple(pixels.shape), (3, 64, 64))
        white = (1 - self.cfg.image.mean[0]) / self.cfg.image.std[0]
        self.assertAlmostEqual(float(pixels[0, 32, 32]), white, places=4)

    def test_pad_mode_fills_with_the_pad_colour(self):
        self.cfg.image.fit = "pad"
        pixels = load_pixels(self.save(np.zeros((20, 80, 3), dtype=np.uint8)), self.cfg)
        fill = (122 / 255 - self.cfg.image.mean[0]) / self.cfg.image.std[0]
        self.assertAlmostEqual(float(pixels[0, 0, 32]), fill, places=4)
        self.assertAlmostEqual(float(pixels[0, 32, 32]), -self.cfg.image.mean[0] / self.cfg.image.std[0], places=4)


if __name__ == "__main__":
    unittest.main()
