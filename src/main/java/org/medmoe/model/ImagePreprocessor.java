package org.medmoe.model;

import org.medmoe.imaging.PreprocessSpec;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.imaging.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image to model input, as the reference does it: RGB, then either shortest side to the model size
 * (bicubic, antialiased) and a centre crop ({@code fit = crop}), or pad to a square with the fill
 * colour and resize ({@code fit = pad}); then {@code /255} and per-channel {@code (x - mean) / std}.
 * An image already at the model size is not resampled. Thread-safe.
 */
public final class ImagePreprocessor {
    private final Preprocessor preprocessor;

    /** Pre-processing as {@code manifest} describes it. */
    public ImagePreprocessor(ModelManifest manifest) {
        this.preprocessor = new Preprocessor(spec(manifest));
    }

    /**
     * Reads a PNG or JPEG file.
     *
     * @throws InvalidInputException the file is missing or not an image ImageIO can decode
     */
    public PixelTensor read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("image file not found: " + file);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            String format = format(in);
            if (format == null) {
                throw new InvalidInputException("image file " + file + " is not a PNG or JPEG image");
            }
            ImageReader reader = ImageIO.getImageReadersByFormatName(format).next();
            try {
                reader.setInput(in, true, true);
                return prepare(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new InvalidInputException("image file " + file + " could not be read: " + e.getMessage(), e);
        }
    }

    /** "png" or "jpeg" from the file's signature, else null (decoders are not probed one by one). */
    private static String format(ImageInputStream in) throws IOException {
        byte[] head = new byte[8];
        in.mark();
        int n = in.read(head);
        in.reset();
        if (n >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return "png";
        }
        if (n >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        return null;
    }

    /** The model input for {@code image} (any size, grey, RGB or with alpha, which is dropped). */
    public PixelTensor prepare(BufferedImage image) {
        int[] rgb = rgb(image);
        byte[] bytes = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            bytes[i] = (byte) rgb[i];
        }
        int size = preprocessor.spec().size();
        return new PixelTensor(preprocessor.apply(new RgbImage(image.getWidth(), image.getHeight(), bytes)), 3, size,
                size);
    }

    /** The pre-processing {@code manifest} describes, for {@link Preprocessor}. */
    public static PreprocessSpec spec(ModelManifest manifest) {
        ModelManifest.Image image = manifest.image();
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = image.mean().get(c).floatValue();
            std[c] = image.std().get(c).floatValue();
        }
        int[] pad = image.padFill().stream().mapToInt(Integer::intValue).toArray();
        return new PreprocessSpec(image.size(), "pad".equals(image.fit()) ? PreprocessSpec.Fit.PAD
                : PreprocessSpec.Fit.CROP, pad, mean, std);
    }

    private static int[] rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int[] out = new int[w * h * 3];
        boolean eightBit = raster.getSampleModel().getSampleSize(0) == 8;
        if (eightBit && bands <= 2 && image.getColorModel().getColorSpace().getNumComponents() == 1) {
            int[] grey = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < grey.length; i++) {
                out[3 * i] = grey[i];
                out[3 * i + 1] = grey[i];
                out[3 * i + 2] = grey[i];
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                int i = (y * w + x) * 3;
                out[i] = (argb >> 16) & 0xff;
                out[i + 1] = (argb >> 8) & 0xff;
                out[i + 2] = argb & 0xff;
            }
        }
        return out;
    }
}
