package org.medmoe.imaging;

import java.util.Objects;

/**
 * A VOI lookup table (DICOM PS3.3 C.11.2.1.1): values below the first mapped value take the first
 * entry, values above the last take the last entry.
 *
 * @param firstMapped modality value mapped by entry 0
 * @param bitsPerEntry bits of each entry (the table's output range is 0 .. 2^bits - 1)
 * @param table the entries, at least one
 */
public record VoiLut(int firstMapped, int bitsPerEntry, int[] table) implements VoiTransform {

    /** Checks the table. */
    public VoiLut {
        Objects.requireNonNull(table, "table");
        if (table.length == 0 || bitsPerEntry < 1 || bitsPerEntry > 16) {
            throw new IllegalArgumentException("bad VOI LUT: " + table.length + " entries of "
                    + bitsPerEntry + " bits");
        }
    }

    @Override
    public double apply(double value) {
        long index = Math.round(value) - firstMapped;
        int entry = table[(int) Math.max(0, Math.min(table.length - 1, index))];
        return Math.max(0, Math.min(255, entry * 255.0 / ((1 << bitsPerEntry) - 1)));
    }
}
