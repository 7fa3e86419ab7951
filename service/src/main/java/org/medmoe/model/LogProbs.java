package org.medmoe.model;

/**
 * Arithmetic on logits, in double precision, over the ids the tokenizer can produce: a model's
 * vocabulary may be padded beyond its tokenizer (the released Phi-2 has 51,200 embedding rows for
 * a tokenizer of about 50,300 ids), and padded ids are never generated or scored. Stateless.
 */
final class LogProbs {
    private LogProbs() {
    }

    /** {@code log softmax(v[offset, offset + n))[index]}. */
    static double logSoftmaxAt(float[] v, int offset, int n, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, v[offset + k]);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += Math.exp(v[offset + k] - max);
        }
        return v[offset + index] - max - Math.log(sum);
    }

    /** Index of the largest of {@code v[offset, offset + n)} (the first on ties), relative to {@code offset}. */
    static int argmax(float[] v, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[offset + i] > v[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Softmax of scores. */
    static double[] probabilities(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = Math.exp(scores[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < scores.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
