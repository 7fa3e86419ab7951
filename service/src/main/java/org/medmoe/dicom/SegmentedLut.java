package org.medmoe.dicom;

import java.util.Arrays;

/**
 * Expands segmented palette colour lookup table data (PS3.3 C.7.9.2: discrete, linear and
 * indirect segments) into a plain table, the way pydicom's {@code _expand_segmented_lut} does
 * (linear segments rounded half to even; 8-bit tables read byte by byte). Bounded for hostile
 * input: at most 65 536 entries and 8 levels of indirection. Stateless.
 */
final class SegmentedLut {
    private static final int MAX_ENTRIES = 1 << 16;
    private static final int MAX_DEPTH = 8;

    private SegmentedLut() {
    }

    /** The table {@code data} (8-bit bytes or 16-bit words, one per int) describes, at least {@code entries} long. */
    static int[] expand(int[] data, boolean byteTable, int entries) throws DicomCorruptException {
        Table lut = new Table();
        new Expansion(data, byteTable).expand(0, -1, -1, lut, 0);
        if (lut.size < entries) {
            throw new DicomCorruptException("segmented palette colour lookup table expands to " + lut.size
                    + " entries, the descriptor says " + entries);
        }
        return Arrays.copyOf(lut.values, lut.size);
    }

    /** numpy.around(numpy.linspace(y0 + step, y1, length)) with step = (y1 - y0) / length. */
    private static void linear(int y0, int y1, int length, Table lut) throws DicomCorruptException {
        if (y0 == y1) {
            for (int i = 0; i < length; i++) {
                lut.add(y1);
            }
            return;
        }
        double step = (double) (y1 - y0) / length;
        double from = y0 + step;
        int div = length - 1;
        double delta = y1 - from;
        for (int i = 0; i < length; i++) {
            double v = i == div ? y1 : div > 0 ? i * (delta / div) + from : from;
            lut.add((int) Math.rint(v));
        }
    }

    private static void check(boolean ok, String what) throws DicomCorruptException {
        if (!ok) {
            throw corrupt(what);
        }
    }

    private static DicomCorruptException corrupt(String what) {
        return new DicomCorruptException("segmented palette colour lookup table: " + what);
    }

    /** One table's data and how its entries are stored. */
    private record Expansion(int[] data, boolean byteTable) {

        void expand(int start, int segments, int lastValue, Table lut, int depth)
                throws DicomCorruptException {
            if (depth > MAX_DEPTH) {
                throw corrupt("indirect segments nested deeper than " + MAX_DEPTH);
            }
            int localStart = lut.size;
            int offset = start;
            int read = 0;
            while (offset + 1 < data.length && read != segments) {
                int opcode = data[offset];
                int length = data[offset + 1];
                offset += 2;
                if (opcode == 0) {
                    check(offset + length <= data.length, "a discrete segment runs past the data");
                    for (int i = 0; i < length; i++) {
                        lut.add(data[offset + i]);
                    }
                    offset += length;
                } else if (opcode == 1) {
                    check(offset < data.length, "a linear segment runs past the data");
                    int y0 = lut.size > localStart ? lut.values[lut.size - 1] : lastValue;
                    check(y0 > 0 || lut.size > localStart, "the first segment cannot be a linear segment");
                    linear(y0, data[offset], length, lut);
                    offset += 1;
                } else if (opcode == 2) {
                    check(lut.size > localStart, "the first segment cannot be an indirect segment");
                    long target = start + indirectOffset(offset);
                    offset += byteTable ? 4 : 2;
                    check(target >= 0 && target < data.length, "an indirect segment points past the data");
                    expand((int) target, length, lut.values[lut.size - 1], lut, depth + 1);
                } else {
                    throw corrupt("unknown segment type " + opcode);
                }
                read++;
            }
        }

        private long indirectOffset(int offset) throws DicomCorruptException {
            if (byteTable) {
                check(offset + 3 < data.length, "an indirect segment runs past the data");
                // pydicom's order for little-endian 8-bit data: bytes 3, 2, 1, 0 of the offset field
                return (long) (data[offset + 3] << 8 | data[offset + 2]) << 16 | (data[offset + 1] << 8 | data[offset]);
            }
            check(offset + 1 < data.length, "an indirect segment runs past the data");
            return (long) data[offset + 1] << 16 | data[offset];
        }
    }

    /** A growing table of at most {@link #MAX_ENTRIES} values. */
    private static final class Table {
        int[] values = new int[256];
        int size;

        void add(int v) throws DicomCorruptException {
            check(size < MAX_ENTRIES, "more than " + MAX_ENTRIES + " entries");
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = v;
        }
    }
}
