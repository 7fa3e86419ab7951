package org.medmoe.imaging;

/**
 * Summary statistics of an array of values.
 *
 * @param min smallest value (NaN for an empty array)
 * @param max largest value (NaN for an empty array)
 * @param mean arithmetic mean, accumulated in double (NaN for an empty array)
 */
public record Stats(double min, double max, double mean) {

    /** Computes the statistics of {@code values}. */
    public static Stats of(float[] values) {
        if (values.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new Stats(min, max, sum / values.length);
    }
}
