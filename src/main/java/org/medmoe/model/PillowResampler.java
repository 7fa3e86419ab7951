package org.medmoe.model;

/**
 * Bicubic resampling of 8-bit interleaved RGB with antialiasing, as Pillow's {@code Image.resize}
 * does it: a separable convolution whose support widens with the downscale factor, 22-bit
 * fixed-point coefficients, a horizontal then a vertical pass, each rounded and clipped to 8 bits.
 * Matching Pillow matters because the reference model was trained and evaluated on its output.
 * Stateless and thread-safe.
 */
final class PillowResampler {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;
    private static final double A = -0.5;

    private PillowResampler() {
    }

    /** {@code rgb} ({@code h x w x 3}) resized to {@code outH x outW x 3}. */
    static int[] resize(int[] rgb, int w, int h, int outW, int outH) {
        int[] horizontal = w == outW ? rgb : pass(rgb, w, h, outW, true);
        return h == outH ? horizontal : pass(horizontal, outW, h, outH, false);
    }

    private static int[] pass(int[] src, int w, int h, int outSize, boolean horizontal) {
        int inSize = horizontal ? w : h;
        Coefficients c = coefficients(inSize, outSize);
        int outW = horizontal ? outSize : w;
        int outH = horizontal ? h : outSize;
        int[] out = new int[outW * outH * 3];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int o = horizontal ? x : y;
                int start = c.bounds[2 * o];
                int count = c.bounds[2 * o + 1];
                for (int ch = 0; ch < 3; ch++) {
                    long acc = 1L << (PRECISION_BITS - 1);
                    for (int k = 0; k < count; k++) {
                        int sx = horizontal ? start + k : x;
                        int sy = horizontal ? y : start + k;
                        acc += (long) src[(sy * w + sx) * 3 + ch] * c.weights[o * c.width + k];
                    }
                    out[(y * outW + x) * 3 + ch] = clip8(acc >> PRECISION_BITS);
                }
            }
        }
        return out;
    }

    private static int clip8(long v) {
        return (int) Math.max(0, Math.min(255, v));
    }

    private record Coefficients(int[] bounds, int[] weights, int width) {
    }

    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        int width = (int) Math.ceil(support) * 2 + 1;
        int[] bounds = new int[2 * outSize];
        int[] weights = new int[outSize * width];
        double[] k = new double[width];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double sum = 0;
            for (int x = 0; x < xmax; x++) {
                k[x] = cubic((x + xmin - center + 0.5) / filterScale);
                sum += k[x];
            }
            for (int x = 0; x < xmax; x++) {
                double v = sum != 0 ? k[x] / sum : k[x];
                weights[xx * width + x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS)
                        : 0.5 + v * (1 << PRECISION_BITS));
            }
            bounds[2 * xx] = xmin;
            bounds[2 * xx + 1] = xmax;
        }
        return new Coefficients(bounds, weights, width);
    }

    private static double cubic(double x) {
        double t = Math.abs(x);
        if (t < 1.0) {
            return ((A + 2.0) * t - (A + 3.0)) * t * t + 1;
        }
        if (t < 2.0) {
            return (((t - 5) * t + 8) * t - 4) * A;
        }
        return 0.0;
    }
}
