package org.medmoe.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Router logits of one request, collected position by position and layer by layer while the
 * decoder runs, and turned into a {@link Routing}. Not thread-safe: one per request.
 */
final class RoutingTrace {
    private final ModelManifest.Moe moe;
    private final float[][] logits;
    private int positions;

    RoutingTrace(ModelManifest.Moe moe, int expectedPositions) {
        this.moe = moe;
        this.logits = new float[moe.layers().size()][Math.max(1, expectedPositions) * moe.numExperts()];
    }

    /** A copy holding the positions so far, with room for {@code expectedPositions} in all. */
    RoutingTrace copy(int expectedPositions) {
        RoutingTrace copy = new RoutingTrace(moe, Math.max(expectedPositions, positions));
        int used = positions * moe.numExperts();
        for (int j = 0; j < logits.length; j++) {
            System.arraycopy(logits[j], 0, copy.logits[j], 0, used);
        }
        copy.positions = positions;
        return copy;
    }

    /** Appends positions {@code [from, from + count)} of row {@code row} from one run's router outputs. */
    void append(List<float[]> routerOutputs, int row, int seq, int from, int count) {
        int e = moe.numExperts();
        for (int j = 0; j < logits.length; j++) {
            if ((positions + count) * e > logits[j].length) {
                logits[j] = Arrays.copyOf(logits[j], Math.max(logits[j].length * 2, (positions + count) * e));
            }
            System.arraycopy(routerOutputs.get(j), (row * seq + from) * e, logits[j], positions * e, count * e);
        }
        positions += count;
    }

    int positions() {
        return positions;
    }

    /** The routing summary; image tokens are positions {@code [imageStart, imageStart + imageTokens)}. */
    Routing routing(int imageStart, int imageTokens) {
        int e = moe.numExperts();
        List<int[]> first = new ArrayList<>();
        List<int[]> second = new ArrayList<>();
        List<double[]> shares = new ArrayList<>();
        double[] modality = new double[e];
        for (float[] layer : logits) {
            int[] top = new int[positions];
            int[] next = new int[positions];
            double[] share = new double[e];
            for (int p = 0; p < positions; p++) {
                top[p] = argmax(layer, p * e, e, -1);
                next[p] = argmax(layer, p * e, e, top[p]);
                share[top[p]] += 1.0 / positions;
            }
            first.add(top);
            if (moe.topK() == 2) {
                second.add(next);
            }
            shares.add(share);
            double[] mean = new double[e];
            for (int p = imageStart; p < imageStart + imageTokens; p++) {
                double[] probs = softmax(layer, p * e, e);
                for (int k = 0; k < e; k++) {
                    mean[k] += probs[k] / imageTokens;
                }
            }
            for (int k = 0; k < e; k++) {
                modality[k] += mean[k] / logits.length;
            }
        }
        Map<String, Double> labelled = new LinkedHashMap<>();
        for (int k = 0; k < e; k++) {
            labelled.put(moe.routerLabels().get(k), modality[k]);
        }
        return new Routing(moe.layers(), first, second, shares, new ModalityProbabilities(labelled));
    }

    /** Index of the largest value (first on ties), skipping {@code skip}. */
    private static int argmax(float[] v, int offset, int n, int skip) {
        int best = -1;
        for (int k = 0; k < n; k++) {
            if (k != skip && (best < 0 || v[offset + k] > v[offset + best])) {
                best = k;
            }
        }
        return best;
    }

    static double[] softmax(float[] v, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, v[offset + k]);
        }
        double sum = 0;
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = Math.exp(v[offset + k] - max);
            sum += out[k];
        }
        for (int k = 0; k < n; k++) {
            out[k] /= sum;
        }
        return out;
    }
}
