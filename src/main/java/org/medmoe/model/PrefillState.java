package org.medmoe.model;

import org.medmoe.runtime.FloatTensor;
import org.medmoe.runtime.RunOutputs;

/**
 * A batch after the prompt prefill: the KV cache (still native, in {@link #outputs}), the left-padded
 * attention mask, each row's real length, its logits at the last prompt position (null when the
 * run fetched none) and its routing so far. Owned and closed by the request that made it; not thread-safe.
 */
final class PrefillState implements AutoCloseable {
    final RunOutputs outputs;
    final int batch;
    final int length;
    final long[] mask;
    final int[] lengths;
    final float[][] lastLogits;
    final RoutingTrace[] traces;
    /** Host copies of the {@code present.*} tensors, keys then values per layer, once asked for. */
    private FloatTensor[] hostCache;

    PrefillState(RunOutputs outputs, int batch, int length, long[] mask, int[] lengths, float[][] lastLogits,
            RoutingTrace[] traces) {
        this.outputs = outputs;
        this.batch = batch;
        this.length = length;
        this.mask = mask;
        this.lengths = lengths;
        this.lastLogits = lastLogits;
        this.traces = traces;
    }

    /**
     * Host copies of the KV cache ({@code present.*} of {@code layers} layers, keys then values per
     * layer) with row {@code source[r]} as row {@code r}: a past for a run of other rows. The cache is
     * copied out of native memory once, however many runs continue it.
     */
    float[][] repeatedPast(int layers, int[] source) {
        if (hostCache == null) {
            hostCache = new FloatTensor[2 * layers];
            for (int i = 0; i < layers; i++) {
                hostCache[2 * i] = outputs.floats(GraphNames.presentKey(i));
                hostCache[2 * i + 1] = outputs.floats(GraphNames.presentValue(i));
            }
        }
        float[][] past = new float[2 * layers][];
        for (int t = 0; t < past.length; t++) {
            past[t] = repeat(hostCache[t], source);
        }
        return past;
    }

    private static float[] repeat(FloatTensor tensor, int[] source) {
        int stride = tensor.stride(0);
        float[] out = new float[source.length * stride];
        for (int r = 0; r < source.length; r++) {
            System.arraycopy(tensor.data(), source[r] * stride, out, r * stride, stride);
        }
        return out;
    }

    @Override
    public void close() {
        outputs.close();
    }
}
