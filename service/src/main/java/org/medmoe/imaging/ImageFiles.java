package org.medmoe.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * PNG and JPEG pictures as {@link RgbImage}s, read as Pillow's {@code convert('RGB')} reads them:
 * grey replicated to three channels, alpha dropped. Stateless and thread-safe.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * Reads a PNG or JPEG file, recognised by its signature.
     *
     * @throws IOException the file is missing ({@link FileNotFoundException}), is not a PNG or JPEG
     *     image, or cannot be decoded; the message names the file
     */
    public static RgbImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("image file not found: " + file);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            String format = format(in);
            if (format != null) {
                return decode(in, format);
            }
        } catch (IOException e) {
            throw new IOException("image file " + file + " could not be read: " + e.getMessage(), e);
        }
        throw new IOException("image file " + file + " is not a PNG or JPEG image");
    }

    private static RgbImage decode(ImageInputStream in, String format) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName(format).next();
        try {
            reader.setInput(in, true, true);
            return rgb(reader.read(0));
        } finally {
            reader.dispose();
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

    /** {@code image} (any size, grey, RGB or with alpha, which is dropped) as 8-bit RGB. */
    public static RgbImage rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        byte[] out = new byte[w * h * 3];
        boolean eightBit = raster.getSampleModel().getSampleSize(0) == 8;
        if (eightBit && raster.getNumBands() <= 2 && image.getColorModel().getColorSpace().getNumComponents() == 1) {
            int[] grey = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < grey.length; i++) {
                byte v = (byte) grey[i];
                out[3 * i] = v;
                out[3 * i + 1] = v;
                out[3 * i + 2] = v;
            }
            return new RgbImage(w, h, out);
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                int i = (y * w + x) * 3;
                out[i] = (byte) (argb >> 16);
                out[i + 1] = (byte) (argb >> 8);
                out[i + 2] = (byte) argb;
            }
        }
        return new RgbImage(w, h, out);
    }
}
