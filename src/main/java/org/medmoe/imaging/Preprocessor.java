package org.medmoe.imaging;

/**
 * Med-MoE image pre-processing: RGB image to a normalised {@code float[3 * S * S]} tensor in
 * channel-first order (CHW). Immutable and thread-safe.
 */
public final class Preprocessor {

    private final PreprocessSpec spec;
    /** Normalised value of each 8-bit sample, per channel: ((v / 255) - mean) / std in float. */
    private final float[][] table = new float[3][256];

    /** Creates a pre-processor for {@code spec}. */
    public Preprocessor(PreprocessSpec spec) {
        this.spec = spec;
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = (v / 255f - spec.mean()[c]) / spec.std()[c];
            }
        }
    }

    /** Returns the spec. */
    public PreprocessSpec spec() {
        return spec;
    }

    /** Resizes, crops or pads, and normalises {@code image}. */
    public float[] apply(RgbImage image) {
        return normalise(square(image));
    }

    /** The square {@code size x size} 8-bit image the tensor is made from. */
    public RgbImage square(RgbImage image) {
        int s = spec.size();
        if (spec.fit() == PreprocessSpec.Fit.PAD) {
            return PilBicubic.resize(padToSquare(image), s, s);
        }
        int w = image.width();
        int h = image.height();
        int newW;
        int newH;
        if (w <= h) {
            newW = s;
            newH = (int) ((long) s * h / w);
        } else {
            newH = s;
            newW = (int) ((long) s * w / h);
        }
        RgbImage resized = PilBicubic.resize(image, newW, newH);
        return crop(resized, (newW - s) / 2, (newH - s) / 2, s);
    }

    private RgbImage padToSquare(RgbImage image) {
        int w = image.width();
        int h = image.height();
        if (w == h) {
            return image;
        }
        int side = Math.max(w, h);
        byte[] out = new byte[side * side * 3];
        int[] pad = spec.padRgb();
        for (int i = 0; i < side * side; i++) {
            out[3 * i] = (byte) pad[0];
            out[3 * i + 1] = (byte) pad[1];
            out[3 * i + 2] = (byte) pad[2];
        }
        int x0 = (side - w) / 2;
        int y0 = (side - h) / 2;
        for (int y = 0; y < h; y++) {
            System.arraycopy(image.rgb(), y * w * 3, out, ((y + y0) * side + x0) * 3, w * 3);
        }
        return new RgbImage(side, side, out);
    }

    private static RgbImage crop(RgbImage image, int x0, int y0, int s) {
        if (x0 == 0 && y0 == 0 && image.width() == s && image.height() == s) {
            return image;
        }
        byte[] out = new byte[s * s * 3];
        for (int y = 0; y < s; y++) {
            System.arraycopy(image.rgb(), ((y + y0) * image.width() + x0) * 3, out, y * s * 3, s * 3);
        }
        return new RgbImage(s, s, out);
    }

    private float[] normalise(RgbImage square) {
        int plane = square.width() * square.height();
        float[] out = new float[3 * plane];
        byte[] rgb = square.rgb();
        for (int c = 0; c < 3; c++) {
            float[] lut = table[c];
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                out[base + i] = lut[rgb[3 * i + c] & 0xFF];
            }
        }
        return out;
    }
}
