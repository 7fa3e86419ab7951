package org.medmoe.model;

import org.medmoe.runtime.RunOutputs;

/**
 * A batch after the prompt prefill: the KV cache (still native, in {@link #outputs}), the left-padded
 * attention mask, each row's real length, its logits at the last prompt position and its routing
 * so far. Owned and closed by the request that made it; not thread-safe.
 */
final class PrefillState implements AutoCloseable {
    final RunOutputs outputs;
    final int batch;
    final int length;
    final long[] mask;
    final int[] lengths;
    final float[][] lastLogits;
    final RoutingTrace[] traces;

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

    @Override
    public void close() {
        outputs.close();
    }
}
