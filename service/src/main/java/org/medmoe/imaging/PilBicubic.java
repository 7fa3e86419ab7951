package org.medmoe.imaging;

/**
 * Resizes 8-bit RGB images the way Pillow's {@code Image.resize(size, Image.BICUBIC)} does, so
 * that the model sees the same pixels as the Python reference: a separable cubic convolution
 * (a = -0.5) whose support is scaled by the reduction factor (antialiasing), coefficients
 * normalised per output pixel and quantised to 22-bit fixed point, a horizontal pass then a
 * vertical pass, each rounded and clamped to 8 bits (32-bit integer accumulators, as Pillow's). Stateless and thread-safe.
 */
public final class PilBicubic {

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;
    private static final double A = -0.5;

    private PilBicubic() {
    }

    /** Resizes {@code in} to {@code width x height}. */
    public static RgbImage resize(RgbImage in, int width, int height) {
        return new RgbImage(width, height, resize(in.rgb(), in.width(), in.height(), 3, width, height));
    }

    /**
     * Resizes an image of {@code channels} interleaved 8-bit channels (1 or 3). Each channel is
     * resized on its own, so a grey plane resized here equals any channel of the same plane
     * replicated to RGB and resized: a third of the work for greyscale pictures.
     *
     * @return {@code src} itself when the size does not change, else a new array
     */
    static byte[] resize(byte[] src, int inWidth, int inHeight, int channels, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("target size " + width + "x" + height);
        }
        byte[] out = src;
        if (width != inWidth) {
            out = channels == 1 ? horizontalGrey(out, inWidth, inHeight, width) : horizontal(out, inWidth, inHeight, width);
        }
        if (height != inHeight) {
            out = vertical(out, width * channels, inHeight, height);
        }
        return out;
    }

    /** Fixed-point coefficients of one pass: for output i, taps start at {@code first[i]}. */
    private record Coefficients(int[] first, int[] count, int[] weights, int taps) {
    }

    static double cubic(double x) {
        double t = Math.abs(x);
        if (t < 1) {
            return ((A + 2) * t - (A + 3)) * t * t + 1;
        }
        if (t < 2) {
            return (((t - 5) * t + 8) * t - 4) * A;
        }
        return 0;
    }

    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        int taps = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] weights = new int[outSize * taps];
        double[] k = new double[taps];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = Math.max(0, (int) (center - support + 0.5));
            int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
            double total = 0;
            for (int x = 0; x < xmax; x++) {
                double w = cubic((x + xmin - center + 0.5) / filterScale);
                k[x] = w;
                total += w;
            }
            for (int x = 0; x < xmax; x++) {
                double w = total != 0 ? k[x] / total : k[x];
                double fixed = w * (1 << PRECISION_BITS);
                weights[xx * taps + x] = (int) (w < 0 ? -0.5 + fixed : 0.5 + fixed);
            }
            first[xx] = xmin;
            count[xx] = xmax;
        }
        return new Coefficients(first, count, weights, taps);
    }

    private static byte[] horizontal(byte[] src, int inWidth, int inHeight, int outWidth) {
        Coefficients c = coefficients(inWidth, outWidth);
        int[] first = c.first();
        int[] count = c.count();
        int[] weights = c.weights();
        int taps = c.taps();
        byte[] dst = new byte[outWidth * inHeight * 3];
        int inRow = inWidth * 3;
        int half = 1 << (PRECISION_BITS - 1);
        for (int y = 0; y < inHeight; y++) {
            int rowBase = y * inRow;
            int o = y * outWidth * 3;
            for (int xx = 0; xx < outWidth; xx++) {
                int wBase = xx * taps;
                int p = rowBase + first[xx] * 3;
                int r = half;
                int g = half;
                int b = half;
                for (int x = 0, n = count[xx]; x < n; x++, p += 3) {
                    int w = weights[wBase + x];
                    r += (src[p] & 0xFF) * w;
                    g += (src[p + 1] & 0xFF) * w;
                    b += (src[p + 2] & 0xFF) * w;
                }
                dst[o++] = clip8(r);
                dst[o++] = clip8(g);
                dst[o++] = clip8(b);
            }
        }
        return dst;
    }

    private static byte[] horizontalGrey(byte[] src, int inWidth, int inHeight, int outWidth) {
        Coefficients c = coefficients(inWidth, outWidth);
        int[] first = c.first();
        int[] count = c.count();
        int[] weights = c.weights();
        int taps = c.taps();
        byte[] dst = new byte[outWidth * inHeight];
        int half = 1 << (PRECISION_BITS - 1);
        for (int y = 0; y < inHeight; y++) {
            int rowBase = y * inWidth;
            int o = y * outWidth;
            for (int xx = 0; xx < outWidth; xx++) {
                int wBase = xx * taps;
                int p = rowBase + first[xx];
                int v = half;
                for (int x = 0, n = count[xx]; x < n; x++) {
                    v += (src[p + x] & 0xFF) * weights[wBase + x];
                }
                dst[o++] = clip8(v);
            }
        }
        return dst;
    }

    /** The vertical pass over rows of {@code row} bytes (any number of channels). */
    private static byte[] vertical(byte[] src, int row, int inHeight, int outHeight) {
        Coefficients c = coefficients(inHeight, outHeight);
        byte[] dst = new byte[row * outHeight];
        int[] acc = new int[row];
        int[] first = c.first();
        int[] count = c.count();
        int[] weights = c.weights();
        for (int yy = 0; yy < outHeight; yy++) {
            java.util.Arrays.fill(acc, 1 << (PRECISION_BITS - 1));
            int wBase = yy * c.taps();
            for (int y = 0, n = count[yy]; y < n; y++) {
                int w = weights[wBase + y];
                int base = (first[yy] + y) * row;
                for (int i = 0; i < row; i++) {
                    acc[i] += (src[base + i] & 0xFF) * w;
                }
            }
            int outBase = yy * row;
            for (int i = 0; i < row; i++) {
                dst[outBase + i] = clip8(acc[i]);
            }
        }
        return dst;
    }

    private static byte clip8(int ss) {
        int v = ss >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(255, v));
    }
}
