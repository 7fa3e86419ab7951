package org.medmoe.model;

import java.util.Arrays;
import java.util.List;
import org.medmoe.runtime.FloatTensor;
import org.medmoe.runtime.RunOutputs;

/**
 * Constrained-answer scoring: the log-likelihood of {@code answerPrefix + candidate} then EOS after
 * each prompt, for every candidate of every row in one batched decoder run. The prefill's KV cache
 * is copied to the host and repeated once per candidate; candidate tokens are right-padded (mask 0,
 * never read). The first answer token is scored from the prefill's last logits, the others from the
 * batched run. Thread-safe (stateless).
 */
final class CandidateScorer {
    private final ModelGraphs graphs;
    private final PromptBuilder prompts;
    private final ModelManifest manifest;

    CandidateScorer(ModelGraphs graphs, PromptBuilder prompts, ModelManifest manifest) {
        this.graphs = graphs;
        this.prompts = prompts;
        this.manifest = manifest;
    }

    /** Per row, the log-likelihood of each candidate, in order. */
    double[][] score(PrefillState state, List<List<String>> candidates) {
        int rows = 0;
        int longest = 0;
        int[][][] ids = new int[state.batch][][];
        for (int b = 0; b < state.batch; b++) {
            ids[b] = new int[candidates.get(b).size()][];
            for (int c = 0; c < ids[b].length; c++) {
                ids[b][c] = prompts.candidateIds(candidates.get(b).get(c));
                longest = Math.max(longest, ids[b][c].length - 1);
                rows++;
            }
        }
        double[][] scores = new double[state.batch][];
        float[][] logits = longest == 0 ? null : continuation(state, ids, rows, longest);
        int row = 0;
        for (int b = 0; b < state.batch; b++) {
            scores[b] = new double[ids[b].length];
            for (int c = 0; c < ids[b].length; c++, row++) {
                int[] seq = ids[b][c];
                double total = logSoftmaxAt(state.lastLogits[b], 0, state.lastLogits[b].length, seq[0]);
                for (int i = 1; i < seq.length; i++) {
                    int vocab = logits[row].length / longest;
                    total += logSoftmaxAt(logits[row], (i - 1) * vocab, vocab, seq[i]);
                }
                scores[b][c] = total;
            }
        }
        return scores;
    }

    /** Logits {@code [rows][longest * V]} of the candidate continuations. */
    private float[][] continuation(PrefillState state, int[][][] ids, int rows, int longest) {
        int past = state.length;
        int eos = manifest.prompt().eosTokenId();
        int[] source = new int[rows];
        long[] feed = new long[rows * longest];
        long[] mask = new long[rows * (past + longest)];
        long[] positions = new long[rows * longest];
        int row = 0;
        for (int b = 0; b < state.batch; b++) {
            for (int[] seq : ids[b]) {
                source[row] = b;
                System.arraycopy(state.mask, b * past, mask, row * (past + longest), past);
                for (int i = 0; i < longest; i++) {
                    boolean real = i < seq.length - 1;
                    feed[row * longest + i] = real ? seq[i] : eos;
                    mask[row * (past + longest) + past + i] = real ? 1 : 0;
                    positions[row * longest + i] = state.lengths[b] + i;
                }
                row++;
            }
        }
        float[] embeds = graphs.embed(feed, rows, longest).data();
        float[][] pastHost = state.repeatedPast(graphs.layers(), source);
        try (RunOutputs out = graphs.decode(embeds, rows, longest, mask, positions, null, pastHost, past)) {
            FloatTensor logits = out.floats(GraphNames.LOGITS);
            int stride = logits.stride(0);
            float[][] perRow = new float[rows][];
            for (int r = 0; r < rows; r++) {
                perRow[r] = Arrays.copyOfRange(logits.data(), r * stride, (r + 1) * stride);
            }
            return perRow;
        }
    }

    /** {@code log softmax(v)[index]} in double precision over {@code v[offset, offset + n)}. */
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

    /** Softmax of scores, in double precision. */
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
