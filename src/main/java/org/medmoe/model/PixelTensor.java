package org.medmoe.model;

/**
 * A normalised image, channels-first {@code [channels, height, width]}, ready for the vision
 * encoder. Made by {@link ImagePreprocessor} or by a caller that pre-processes itself; the model
 * checks it against the manifest's image size.
 *
 * @param data values, row-major {@code [c][y][x]}
 * @param channels number of channels (the model needs 3)
 * @param height rows
 * @param width columns
 */
public record PixelTensor(float[] data, int channels, int height, int width) {
    public PixelTensor {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new InvalidInputException("image tensor dimensions must be positive, got " + channels + "x"
                    + height + "x" + width);
        }
        if (data.length != channels * height * width) {
            throw new InvalidInputException("image tensor " + channels + "x" + height + "x" + width + " needs "
                    + channels * height * width + " values, got " + data.length);
        }
    }

    /** @throws InvalidInputException unless this is a 3-channel {@code size x size} image */
    void requireShape(int size) {
        if (channels != 3 || height != size || width != size) {
            throw new InvalidInputException("the model needs a 3-channel " + size + "x" + size
                    + " image tensor, got " + channels + " channel(s) of " + height + "x" + width);
        }
    }
}
