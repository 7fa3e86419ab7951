package org.medmoe.imaging;

import java.util.Objects;

/**
 * One decoded frame: samples after the modality transform (rescale slope and intercept for
 * greyscale; 0..255 or 0..65535 stored values for colour), interleaved by pixel.
 *
 * <p>Immutable by contract: the array is owned by this value and must not be changed after
 * construction (it is not copied, to keep decoding cheap).
 *
 * @param width pixels per row, at least 1
 * @param height rows, at least 1
 * @param channels 1 for greyscale, 3 for RGB
 * @param samples {@code width * height * channels} samples, row-major, channels interleaved
 * @param monochrome1 true when the greyscale values are displayed inverted (MONOCHROME1)
 */
public record DecodedImage(int width, int height, int channels, float[] samples, boolean monochrome1) {

    /** Validates the dimensions against the sample array. */
    public DecodedImage {
        Objects.requireNonNull(samples, "samples");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("empty image " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, was " + channels);
        }
        if ((long) width * height * channels != samples.length) {
            throw new IllegalArgumentException("expected " + (long) width * height * channels
                    + " samples, got " + samples.length);
        }
    }

    /** Returns true for a greyscale image. */
    public boolean isGrey() {
        return channels == 1;
    }

    /** Returns the minimum, maximum and mean of all samples. */
    public Stats stats() {
        return Stats.of(samples);
    }
}
