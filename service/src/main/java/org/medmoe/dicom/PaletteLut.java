package org.medmoe.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import org.medmoe.imaging.DecodedImage;

/**
 * The Red, Green and Blue Palette Color Lookup Tables of a PALETTE COLOR object (PS3.3 C.7.6.3.1.5
 * and C.7.9): descriptors (entries, first mapped value, bits per entry) and data, plain or
 * segmented. {@link #apply} maps stored values to RGB as pydicom's {@code apply_color_lut} does:
 * values below the first mapped value take the first entry, values past the table the last.
 * Entries of 16 bits are scaled to 0..255. Immutable and thread-safe.
 *
 * @param entries number of entries of each table
 * @param firstMapped the stored value mapped to the first entry
 * @param bits bits per entry as the descriptor says (8 or 16)
 * @param segmented true when the tables were given as segmented data
 */
record PaletteLut(int entries, int firstMapped, int bits, boolean segmented, int[] red, int[] green, int[] blue) {

    static final String PALETTE_COLOR = "PALETTE COLOR";
    private static final int[] DESCRIPTORS = {0x1101, 0x1102, 0x1103};
    private static final int[] DATA = {0x1201, 0x1202, 0x1203};
    private static final int[] SEGMENTED = {0x1221, 0x1222, 0x1223};

    /** The palette of {@code list} when {@code header} says PALETTE COLOR with one sample, else null. */
    static PaletteLut of(AttributeList list, DicomHeader header) throws DicomReadException {
        if (!PALETTE_COLOR.equals(header.photometricInterpretation()) || header.samplesPerPixel() != 1) {
            return null;
        }
        int[] descriptor = descriptor(list, header);
        int entries = descriptor[0] == 0 ? 1 << 16 : descriptor[0];
        int first = header.pixelRepresentation() == 1 && descriptor[1] > Short.MAX_VALUE
                ? descriptor[1] - (1 << 16) : descriptor[1];
        int bits = descriptor[2];
        if (bits != 8 && bits != 16) {
            throw new DicomUnsupportedException("palette colour lookup table of " + bits
                    + "-bit entries (only 8 or 16 are defined)", header.transferSyntaxUid());
        }
        boolean segmented = list.get(tag(DATA[0])) == null;
        int[][] tables = new int[3][];
        for (int c = 0; c < 3; c++) {
            tables[c] = segmented ? SegmentedLut.expand(bytesOrWords(list, SEGMENTED[c], bits == 8), bits == 8, entries)
                    : plain(list, DATA[c], entries);
        }
        return new PaletteLut(entries, first, bits, segmented, tables[0], tables[1], tables[2]);
    }

    /** Maps one frame of stored values ({@code stored}, one per pixel) to an RGB frame. */
    DecodedImage apply(float[] stored, int columns, int rows) {
        float scale = bits == 16 ? 255f / 65535f : 1f;
        float[] rgb = new float[stored.length * 3];
        for (int i = 0; i < stored.length; i++) {
            int v = (int) stored[i];
            int index = v < firstMapped ? 0 : Math.min(entries - 1, v - firstMapped);
            rgb[3 * i] = red[index] * scale;
            rgb[3 * i + 1] = green[index] * scale;
            rgb[3 * i + 2] = blue[index] * scale;
        }
        return new DecodedImage(columns, rows, 3, rgb, false);
    }

    private static int[] descriptor(AttributeList list, DicomHeader header) throws DicomReadException {
        int[] red = null;
        for (int tag : DESCRIPTORS) {
            int[] d = integers(list, tag);
            if (d == null || d.length != 3) {
                throw new DicomCorruptException("PALETTE COLOR object " + header.sopInstanceUid()
                        + " has no valid palette colour lookup table descriptor (0028," + Integer.toHexString(tag) + ")");
            }
            for (int i = 0; i < 3; i++) {
                d[i] &= 0xFFFF;
            }
            if (red != null && (red[0] != d[0] || red[1] != d[1])) {
                throw new DicomCorruptException("palette colour lookup table descriptors differ between channels");
            }
            red = red == null ? d : red;
        }
        return red;
    }

    /** A plain table: 8-bit entries two per word (as stored, little-endian first) or one 16-bit entry per word. */
    private static int[] plain(AttributeList list, int element, int entries) throws DicomReadException {
        short[] words = words(list, element);
        if (words.length * 2 == entries) {
            return bytesOrWords(list, element, true);
        }
        if (words.length == entries) {
            return bytesOrWords(list, element, false);
        }
        throw new DicomCorruptException("palette colour lookup table data (0028," + Integer.toHexString(element)
                + ") holds " + 2 * words.length + " bytes for " + entries + " entries");
    }

    private static int[] bytesOrWords(AttributeList list, int element, boolean bytes) throws DicomReadException {
        short[] words = words(list, element);
        int[] out = new int[bytes ? 2 * words.length : words.length];
        for (int i = 0; i < words.length; i++) {
            if (bytes) {
                out[2 * i] = words[i] & 0xFF;
                out[2 * i + 1] = (words[i] >> 8) & 0xFF;
            } else {
                out[i] = words[i] & 0xFFFF;
            }
        }
        return out;
    }

    private static short[] words(AttributeList list, int element) throws DicomReadException {
        Attribute a = list.get(tag(element));
        try {
            short[] words = a == null ? null : a.getShortValues();
            if (words == null || words.length == 0) {
                throw new DicomCorruptException("PALETTE COLOR object without palette colour lookup table data (0028,"
                        + Integer.toHexString(element) + ")");
            }
            return words;
        } catch (DicomException e) {
            throw new DicomCorruptException("unreadable palette colour lookup table data: " + e.getMessage(), e);
        }
    }

    private static int[] integers(AttributeList list, int element) throws DicomCorruptException {
        Attribute a = list.get(tag(element));
        try {
            return a == null ? null : a.getIntegerValues();
        } catch (DicomException e) {
            throw new DicomCorruptException("unreadable palette colour lookup table descriptor: " + e.getMessage(), e);
        }
    }

    private static AttributeTag tag(int element) {
        return new AttributeTag(0x0028, element);
    }
}
