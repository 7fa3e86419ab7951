package org.medmoe.model;

import org.medmoe.runtime.RunOutputs;

/**
 * Question rows that continue image prefixes, after a run: their own KV cache (native, in
 * {@link #outputs}), mask, real lengths, the logits of each row's last position and routing so far.
 * {@link GreedyDecoder} continues it step by step. Owned and closed by the request; not thread-safe.
 */
final class RowState implements AutoCloseable {
    final RunOutputs outputs;
    final int rows;
    final long[] prefixRow;
    final int ownLength;
    final long[] mask;
    final int[] lengths;
    final float[][] lastLogits;
    final RoutingTrace[] traces;

    /**
     * @param outputs the run's outputs ({@code present.*} is each row's own cache)
     * @param rows number of rows
     * @param prefixRow the prefix row each row continues
     * @param ownLength positions of each row's own cache (right padding included)
     * @param mask {@code [rows, prefix length + ownLength]}
     * @param lengths real positions per row, prefix included (the next position id)
     * @param lastLogits each row's logits at its last real position
     * @param traces each row's routing
     */
    RowState(RunOutputs outputs, int rows, long[] prefixRow, int ownLength, long[] mask, int[] lengths,
            float[][] lastLogits, RoutingTrace[] traces) {
        this.outputs = outputs;
        this.rows = rows;
        this.prefixRow = prefixRow;
        this.ownLength = ownLength;
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
