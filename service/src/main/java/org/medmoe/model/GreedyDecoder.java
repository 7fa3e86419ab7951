package org.medmoe.model;

import java.util.Arrays;
import java.util.List;
import org.medmoe.runtime.FloatTensor;
import org.medmoe.runtime.RunOutputs;

/**
 * Greedy decoding of question rows after their prefill: each step embeds the rows' last tokens and
 * runs the decoder on one new position per row, reading the image prefixes and the previous run's
 * own caches in place (no copy), then takes the arg-max over the tokenizer's ids. A row stops after
 * EOS (kept in its tokens; benchmarks can turn that off) or after its own cap; finished rows ride
 * along until every row is done, and their outputs are ignored. The last generated token is never
 * fed back, as in the reference. Thread-safe (stateless).
 */
final class GreedyDecoder {
    private final ModelGraphs graphs;
    private final int eos;
    private final int vocab;

    GreedyDecoder(ModelGraphs graphs, ModelManifest manifest, int vocab) {
        this.graphs = graphs;
        this.eos = manifest.prompt().eosTokenId();
        this.vocab = vocab;
    }

    /** Tokens per row; {@code state}'s traces gain the fed positions. Returns the number of decoder runs. */
    int run(PrefixState prefix, RowState state, int[] maxNewTokens, boolean stopAtEos, int[][] tokensOut) {
        int batch = state.rows;
        int[] count = new int[batch];
        int[][] tokens = new int[batch][];
        boolean[] done = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            tokens[b] = new int[Math.max(1, maxNewTokens[b])];
            done[b] = maxNewTokens[b] == 0;
        }
        float[][] next = state.lastLogits;
        long[] mask = state.mask;
        int own = state.ownLength;
        long[] logitsIndex = new long[batch];
        RunOutputs previous = null;
        int steps = 0;
        try {
            while (true) {
                long[] feed = new long[batch];
                if (!pick(next, maxNewTokens, stopAtEos, tokens, count, done, feed)) {
                    break;
                }
                boolean[] fed = new boolean[batch];
                long[] positions = new long[batch];
                for (int b = 0; b < batch; b++) {
                    fed[b] = !done[b];
                    positions[b] = state.lengths[b] + count[b] - 1L;
                }
                mask = grow(mask, batch, prefix.length + own);
                float[] embeds = graphs.embed(feed, batch, 1).data();
                RunOutputs out = graphs.decode(new DecodeRequest(embeds, batch, 1, mask, positions, state.prefixRow,
                        logitsIndex, 1, prefix.outputs, prefix.length, previous == null ? state.outputs : previous, own));
                if (previous != null) {
                    previous.close();
                }
                previous = out;
                own++;
                steps++;
                next = nextLogits(out, fed, state);
            }
        } finally {
            if (previous != null) {
                previous.close();
            }
        }
        for (int b = 0; b < batch; b++) {
            tokensOut[b] = Arrays.copyOf(tokens[b], count[b]);
        }
        return steps;
    }

    /**
     * Picks each active row's next token (the arg-max of its logits {@code next}) into {@code tokens}
     * and {@code feed} (EOS for finished rows), and marks the rows that are now done. Returns whether
     * any row is still active, that is, whether the decoder runs again.
     */
    private boolean pick(float[][] next, int[] maxNewTokens, boolean stopAtEos, int[][] tokens, int[] count,
            boolean[] done, long[] feed) {
        boolean anyActive = false;
        for (int b = 0; b < feed.length; b++) {
            if (done[b]) {
                feed[b] = eos;
                continue;
            }
            int token = LogProbs.argmax(next[b], 0, vocab);
            tokens[b][count[b]++] = token;
            feed[b] = token;
            done[b] = stopAtEos && token == eos || count[b] == maxNewTokens[b];
            anyActive |= !done[b];
        }
        return anyActive;
    }

    /** Each row's logits of one decoder run; the rows that were fed add its routing to their traces. */
    private float[][] nextLogits(RunOutputs out, boolean[] fed, RowState state) {
        FloatTensor logits = out.floats(GraphNames.LOGITS);
        List<float[]> routers = graphs.routerLogits(out);
        int v = logits.dim(2);
        float[][] next = new float[fed.length][];
        for (int b = 0; b < fed.length; b++) {
            next[b] = Arrays.copyOfRange(logits.data(), b * v, (b + 1) * v);
            if (fed[b]) {
                state.traces[b].append(routers, b, 1, 0, 1);
            }
        }
        return next;
    }

    /** The mask with one more real position per row. */
    private static long[] grow(long[] mask, int batch, int width) {
        long[] out = new long[batch * (width + 1)];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(mask, b * width, out, b * (width + 1), width);
            out[b * (width + 1) + width] = 1;
        }
        return out;
    }
}
