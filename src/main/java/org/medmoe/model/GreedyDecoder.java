package org.medmoe.model;

import java.util.Arrays;
import java.util.List;
import org.medmoe.runtime.FloatTensor;
import org.medmoe.runtime.RunOutputs;

/**
 * Greedy decoding of a prefilled batch with the KV cache: each step embeds the batch's last tokens,
 * runs the decoder on one new position per row with the previous run's {@code present.*} tensors
 * as the past (no copy), and takes the arg-max. A row stops after EOS (kept in its tokens; benchmarks
 * can turn that off) or after
 * its own cap; finished rows ride along until every row is done, and their outputs are ignored.
 * The last generated token is never fed back, as in the reference. Thread-safe (stateless).
 */
final class GreedyDecoder {
    private final ModelGraphs graphs;
    private final Prefiller prefiller;
    private final int eos;

    GreedyDecoder(ModelGraphs graphs, Prefiller prefiller, ModelManifest manifest) {
        this.graphs = graphs;
        this.prefiller = prefiller;
        this.eos = manifest.prompt().eosTokenId();
    }

    /** Tokens per row; {@code state}'s traces gain the fed positions. Returns the number of decoder runs. */
    int run(PrefillState state, int[] maxNewTokens, boolean stopAtEos, int[][] tokensOut) {
        int batch = state.batch;
        int[] count = new int[batch];
        int[][] tokens = new int[batch][];
        boolean[] done = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            tokens[b] = new int[Math.max(1, maxNewTokens[b])];
            done[b] = maxNewTokens[b] == 0;
        }
        float[][] next = state.lastLogits;
        long[] mask = state.mask;
        int past = state.length;
        RunOutputs previous = null;
        int steps = 0;
        try {
            while (true) {
                boolean anyActive = false;
                long[] feed = new long[batch];
                for (int b = 0; b < batch; b++) {
                    if (done[b]) {
                        feed[b] = eos;
                        continue;
                    }
                    int token = argmax(next[b]);
                    tokens[b][count[b]++] = token;
                    feed[b] = token;
                    done[b] = stopAtEos && token == eos || count[b] == maxNewTokens[b];
                    anyActive |= !done[b];
                }
                if (!anyActive) {
                    break;
                }
                boolean[] fed = new boolean[batch];
                long[] positions = new long[batch];
                for (int b = 0; b < batch; b++) {
                    fed[b] = !done[b];
                    positions[b] = state.lengths[b] + count[b] - 1L;
                }
                mask = grow(mask, batch, past);
                float[] embeds = graphs.embed(feed, batch, 1).data();
                RunOutputs out = graphs.decode(embeds, batch, 1, mask, positions,
                        previous == null ? state.outputs : previous, null, past);
                if (previous != null) {
                    previous.close();
                }
                previous = out;
                past++;
                steps++;
                FloatTensor logits = out.floats(GraphNames.LOGITS);
                List<float[]> routers = prefiller.routerOutputs(out);
                int vocab = logits.dim(2);
                next = new float[batch][];
                for (int b = 0; b < batch; b++) {
                    next[b] = Arrays.copyOfRange(logits.data(), b * vocab, (b + 1) * vocab);
                    if (fed[b]) {
                        state.traces[b].append(routers, b, 1, 0, 1);
                    }
                }
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

    /** The mask with one more real position per row. */
    private static long[] grow(long[] mask, int batch, int past) {
        long[] out = new long[batch * (past + 1)];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(mask, b * past, out, b * (past + 1), past);
            out[b * (past + 1) + past] = 1;
        }
        return out;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
