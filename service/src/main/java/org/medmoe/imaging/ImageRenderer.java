package org.medmoe.imaging;

/**
 * Renders a decoded frame to 8-bit RGB: greyscale through a VOI transform (window or LUT, then
 * MONOCHROME1 inversion, replicated to three channels), colour by clamping to [0, 255].
 * Stateless and thread-safe.
 */
public final class ImageRenderer {

    private ImageRenderer() {
    }

    /**
     * Renders {@code image}.
     *
     * @param image the decoded frame
     * @param voi the VOI transform for a greyscale frame; null to window over the frame's own
     *            value range; ignored for colour frames
     * @return a new RGB image of the same size
     */
    public static RgbImage render(DecodedImage image, VoiTransform voi) {
        float[] in = image.samples();
        int pixels = image.width() * image.height();
        byte[] out = new byte[pixels * 3];
        if (image.isGrey()) {
            VoiTransform transform = voi;
            if (transform == null) {
                Stats stats = image.stats();
                transform = VoiWindow.spanning(stats.min(), stats.max());
            }
            for (int i = 0; i < pixels; i++) {
                int v = clamp8(transform.apply(in[i]));
                if (image.monochrome1()) {
                    v = 255 - v;
                }
                byte b = (byte) v;
                out[3 * i] = b;
                out[3 * i + 1] = b;
                out[3 * i + 2] = b;
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) clamp8(in[i]);
            }
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    /**
     * {@code v} rounded half up and clamped to [0, 255], as {@code Math.round} then clamping (NaN gives 0);
     * called per sample, so without {@code Math.round}'s general case: for {@code v} in [0.5, 255) adding
     * one half and truncating is exact.
     */
    static int clamp8(double v) {
        if (!(v >= 0.5)) {
            return 0;
        }
        if (v >= 254.5) {
            return 255;
        }
        return (int) (v + 0.5);
    }
}
