package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.imaging.ImageFiles;
import org.medmoe.imaging.PixelTensor;
import org.medmoe.imaging.Preprocessor;

/**
 * A model's pre-processing, as its manifest describes it, gives Pillow's pixels (bicubic antialiased
 * resize, crop or pad, normalisation).
 */
class ImageInputTest {
    static ModelManifest manifest;

    @TempDir
    Path temp;

    @BeforeAll
    static void readManifest() {
        manifest = ManifestReader.read(TinyModel.dir());
    }

    @Test
    void shouldLeaveAnImageAtModelSizeUnresampled() throws IOException {
        // Given a fixture image already at 64x64
        BufferedImage image = ImageIO.read(TinyModel.image("00-ct-none.png").toFile());
        // When pre-processed
        PixelTensor t = new Preprocessor(MedMoeModel.preprocessSpec(manifest)).tensor(ImageFiles.rgb(image));
        // Then pixel (0,0) is just normalised
        int red = (image.getRGB(0, 0) >> 16) & 0xff;
        assertThat(t.data()[0]).isEqualTo((red / 255.0f - 0.48145466f) / 0.26862954f);
        assertThat(t.channels()).isEqualTo(3);
        assertThat(t.height()).isEqualTo(64);
    }

    @Test
    void shouldReadAJpegFileAtAnySize() throws IOException {
        // Given a JPEG of 100x80
        Path jpeg = temp.resolve("scan.jpg");
        ImageIO.write(randomImage(100, 80, BufferedImage.TYPE_3BYTE_BGR), "jpeg", jpeg.toFile());
        // When read, Then it becomes a model-size tensor
        PixelTensor t = new Preprocessor(MedMoeModel.preprocessSpec(manifest)).tensor(ImageFiles.read(jpeg));
        assertThat(new int[] {t.channels(), t.height(), t.width()}).containsExactly(3, 64, 64);
    }

    @Test
    void shouldCropLikePillowForALandscapeColourImage() throws Exception {
        assertMatchesPillow(randomImage(150, 97, BufferedImage.TYPE_3BYTE_BGR), "crop");
    }

    @Test
    void shouldCropLikePillowForAPortraitGreyImageSmallerThanTheModel() throws Exception {
        assertMatchesPillow(randomImage(41, 53, BufferedImage.TYPE_BYTE_GRAY), "crop");
    }

    @Test
    void shouldPadLikePillowForAnImageWithAlpha() throws Exception {
        assertMatchesPillow(randomImage(120, 70, BufferedImage.TYPE_4BYTE_ABGR), "pad");
    }

    private void assertMatchesPillow(BufferedImage image, String fit) throws Exception {
        // Given the image as a PNG file
        Path png = temp.resolve("image.png");
        ImageIO.write(image, "png", png.toFile());
        ModelManifest m = withFit(fit);
        // When Java and Pillow pre-process it
        PixelTensor java = new Preprocessor(MedMoeModel.preprocessSpec(m))
                .tensor(ImageFiles.rgb(ImageIO.read(png.toFile())));
        Path out = temp.resolve("pillow.bin");
        ReferenceOracle.runPython(temp, "-c", String.join("\n",
                "import sys, numpy as np",
                "sys.path.insert(0, 'tools')",
                "from PIL import Image",
                "from medmoe_ref.preprocess import fit_image",
                "img = Image.open(sys.argv[1]).convert('RGB')",
                "img = fit_image(img, 64, sys.argv[2], [122, 116, 104])",
                "np.asarray(img, dtype=np.uint8).tofile(sys.argv[3])"), png.toString(), fit, out.toString());
        byte[] pillow = Files.readAllBytes(out);
        // Then every 8-bit pixel value is identical
        float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
        float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
        int differ = 0;
        for (int i = 0; i < 64 * 64; i++) {
            for (int c = 0; c < 3; c++) {
                float expected = ((pillow[i * 3 + c] & 0xff) / 255.0f - mean[c]) / std[c];
                if (Math.abs(java.data()[c * 64 * 64 + i] - expected) > 1e-6f) {
                    differ++;
                }
            }
        }
        assertThat(differ).as("values differing from Pillow (" + fit + ")").isZero();
    }

    private static ModelManifest withFit(String fit) {
        ModelManifest.Image i = manifest.image();
        return new ModelManifest(manifest.format(), manifest.name(), manifest.version(), manifest.variant(),
                manifest.dtype(), new ModelManifest.Image(i.size(), i.patchSize(), i.numImageTokens(), i.resize(), fit,
                i.padFill(), i.mean(), i.std()), manifest.decoder(), manifest.moe(), manifest.prompt(), manifest.tokenizer(),
                manifest.quantization(), manifest.files());
    }

    private static BufferedImage randomImage(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        Random random = new Random(w * 31L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int smooth = (x * 255 / w + y * 128 / h) & 0xff;
                int rgb = (smooth << 16) | ((random.nextInt(256)) << 8) | ((x ^ y) & 0xff);
                image.setRGB(x, y, (0xff << 24) | rgb);
            }
        }
        return image;
    }
}
