package org.medmoe.imaging;

import java.util.Objects;

/**
 * An 8-bit RGB image, pixels interleaved ({@code r, g, b, r, g, b, ...}), row-major: what a
 * vision model's pre-processing starts from (PIL's mode "RGB").
 *
 * <p>Immutable by contract: the array is owned by this value and must not be changed.
 *
 * @param width pixels per row, at least 1
 * @param height rows, at least 1
 * @param rgb {@code width * height * 3} bytes
 */
public record RgbImage(int width, int height, byte[] rgb) {

    /** Validates the dimensions against the array. */
    public RgbImage {
        Objects.requireNonNull(rgb, "rgb");
        if (width < 1 || height < 1 || (long) width * height * 3 != rgb.length) {
            throw new IllegalArgumentException("bad RGB image " + width + "x" + height + " with "
                    + rgb.length + " bytes");
        }
    }

    /** Returns sample {@code c} (0..2) of pixel (x, y) as 0..255. */
    public int sample(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }
}
