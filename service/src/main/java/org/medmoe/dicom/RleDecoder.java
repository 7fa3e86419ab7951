package org.medmoe.dicom;

/**
 * Decodes one RLE Lossless frame (DICOM PS3.5 Annex G): a 64-byte header of segment offsets, then
 * one PackBits segment per byte of each sample, most significant byte first. Output: the stored
 * sample words, plane by plane (planar order) for colour. Stateless.
 */
final class RleDecoder {

    private RleDecoder() {
    }

    /**
     * @param frame the frame's bytes (all its fragments)
     * @param pixels rows x columns
     * @param samplesPerPixel 1 or 3
     * @param bytesPerSample 1 or 2
     * @return pixels x samplesPerPixel stored values, planar
     */
    static int[] decode(byte[] frame, int pixels, int samplesPerPixel, int bytesPerSample)
            throws DicomCorruptException {
        if (frame.length < 64) {
            throw new DicomCorruptException("RLE frame shorter than its 64-byte header");
        }
        int segments = le32(frame, 0);
        int expected = samplesPerPixel * bytesPerSample;
        if (segments != expected) {
            throw new DicomCorruptException("RLE frame has " + segments + " segments, expected " + expected);
        }
        int[] out = new int[pixels * samplesPerPixel];
        byte[] plane = new byte[pixels];
        for (int s = 0; s < segments; s++) {
            int start = le32(frame, 4 + 4 * s);
            int end = s + 1 < segments ? le32(frame, 8 + 4 * s) : frame.length;
            if (start < 64 || end > frame.length || start > end) {
                throw new DicomCorruptException("RLE segment " + (s + 1) + " has bad offsets " + start + ".." + end);
            }
            unpack(frame, start, end, plane);
            int sample = s / bytesPerSample;
            int shift = 8 * (bytesPerSample - 1 - s % bytesPerSample);
            int base = sample * pixels;
            for (int i = 0; i < pixels; i++) {
                out[base + i] |= (plane[i] & 0xFF) << shift;
            }
        }
        return out;
    }

    private static void unpack(byte[] in, int start, int end, byte[] out) throws DicomCorruptException {
        int p = start;
        int o = 0;
        while (o < out.length && p < end) {
            int n = in[p++];
            if (n >= 0) {
                int count = n + 1;
                if (p + count > end || o + count > out.length) {
                    throw new DicomCorruptException("RLE literal run overflows its segment");
                }
                System.arraycopy(in, p, out, o, count);
                p += count;
                o += count;
            } else if (n != -128) {
                int count = 1 - n;
                if (p >= end || o + count > out.length) {
                    throw new DicomCorruptException("RLE replicate run overflows its segment");
                }
                java.util.Arrays.fill(out, o, o + count, in[p++]);
                o += count;
            }
        }
        if (o < out.length) {
            throw new DicomCorruptException("RLE segment decodes to " + o + " bytes, expected " + out.length);
        }
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
