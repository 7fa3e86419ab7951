package org.medmoe.model;

import org.medmoe.runtime.RunOutputs;

/**
 * Image prefixes after their prefill: one row per image, each the prompt template up to and including
 * the image. The rows' KV cache stays native in {@link #outputs} (its {@code present.*} tensors) and
 * every later run of the request reads it as its prefix, without a copy. Owned and closed by the
 * request that made it; not thread-safe.
 */
final class PrefixState implements AutoCloseable {
    final RunOutputs outputs;
    final int rows;
    final int length;
    final long[] mask;
    final int[] lengths;
    final RoutingTrace[] traces;

    /**
     * @param outputs the prefill run's outputs
     * @param rows prefix rows (images)
     * @param length positions per row (left padding included)
     * @param mask {@code [rows, length]}, 1 for real positions
     * @param lengths real positions per row
     * @param traces each row's routing over its real positions
     */
    PrefixState(RunOutputs outputs, int rows, int length, long[] mask, int[] lengths, RoutingTrace[] traces) {
        this.outputs = outputs;
        this.rows = rows;
        this.length = length;
        this.mask = mask;
        this.lengths = lengths;
        this.traces = traces;
    }

    @Override
    public void close() {
        outputs.close();
    }
}
