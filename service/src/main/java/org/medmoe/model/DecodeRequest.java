package org.medmoe.model;

import org.medmoe.runtime.RunOutputs;

/**
 * One decoder run: {@code rows} rows of {@code seq} new positions each, continuing the prefix rows of
 * {@code prefix} (null: no prefix) and the rows' own cache in {@code past} (null: none yet). Arrays
 * are row-major; {@code mask} covers the prefix, the own cache and the new positions.
 *
 * @param embeds input embeddings {@code [rows, seq, hidden]}
 * @param rows number of rows
 * @param seq new positions per row
 * @param mask attention mask {@code [rows, prefixLength + pastLength + seq]}, 1 for real positions
 * @param positions position ids {@code [rows, seq]}
 * @param prefixRow the prefix row each row continues ({@code [rows]})
 * @param logitsIndex positions (within the new ones) whose logits are wanted, {@code [rows, logitsPerRow]}
 * @param logitsPerRow logits wanted per row (may be 0)
 * @param prefix the run whose {@code present.*} tensors are the prefix cache, or null
 * @param prefixLength positions per prefix row (0 without a prefix)
 * @param past the previous run of these rows, whose {@code present.*} tensors are their own cache, or null
 * @param pastLength positions of the rows' own cache (0 without one)
 */
record DecodeRequest(float[] embeds, int rows, int seq, long[] mask, long[] positions, long[] prefixRow,
        long[] logitsIndex, int logitsPerRow, RunOutputs prefix, int prefixLength, RunOutputs past, int pastLength) {
}
