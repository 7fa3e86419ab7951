package org.medmoe.imaging;

/**
 * A normalised image, channels-first {@code [channels, height, width]}: the vision encoder's input,
 * made by {@link Preprocessor} (or by a caller that pre-processes itself). The model checks it
 * against its manifest's image size.
 *
 * <p>Immutable by contract: the array is owned by this value and must not be changed.
 *
 * @param data values, row-major {@code [c][y][x]}
 * @param channels number of channels (the model needs 3)
 * @param height rows
 * @param width columns
 */
public record PixelTensor(float[] data, int channels, int height, int width) {
    /** Validates the dimensions against the array. */
    public PixelTensor {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image tensor dimensions must be positive, got " + channels + "x"
                    + height + "x" + width);
        }
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException("image tensor " + channels + "x" + height + "x" + width + " needs "
                    + channels * height * width + " values, got " + data.length);
        }
    }

    /** Whether this is a 3-channel {@code size x size} image. */
    public boolean isSquareRgb(int size) {
        return channels == 3 && height == size && width == size;
    }
}
