package org.medmoe.dicom;

import org.medmoe.imaging.DecodedImage;

/**
 * Turns stored sample words into {@link DecodedImage} frames: masks to BitsStored, sign-extends
 * two's complement samples (PixelRepresentation 1), applies the frame's rescale slope and
 * intercept ({@link FrameValues}) to greyscale, maps PALETTE COLOR through its {@link PaletteLut} to RGB, converts
 * YBR_FULL to RGB, de-interleaves planar colour, and scales colour samples of more than 8 bits to 0..255.
 */
final class PixelUnpacker {

    private final DicomHeader header;
    private final String photometric;
    private final int planar;
    private final PaletteLut palette;

    /**
     * @param header the object's header
     * @param photometric the photometric interpretation of the samples as decoded
     * @param planar the planar configuration of the samples as decoded
     * @param palette the palette colour lookup tables of a PALETTE COLOR object, else null
     */
    PixelUnpacker(DicomHeader header, String photometric, int planar, PaletteLut palette) {
        this.header = header;
        this.photometric = photometric == null ? "MONOCHROME2" : photometric;
        this.planar = planar;
        this.palette = palette;
    }

    /**
     * Reads frame {@code frame} (0-based) from {@code raw}, one stored sample per int accessor,
     * rescaling greyscale with {@code values}.
     */
    DecodedImage frame(Samples raw, int frame, FrameValues values) throws DicomCorruptException {
        int spp = header.samplesPerPixel();
        int pixels = header.rows() * header.columns();
        int frameSamples = pixels * spp;
        long offset = (long) frame * frameSamples;
        if (offset + frameSamples > raw.length()) {
            throw new DicomCorruptException("pixel data holds " + raw.length() + " samples, frame "
                    + (frame + 1) + " needs " + (offset + frameSamples));
        }
        int shift = Math.max(0, header.highBit() - header.bitsStored() + 1);
        int bits = Math.min(header.bitsStored(), header.bitsAllocated());
        int mask = bits >= 32 ? -1 : (1 << bits) - 1;
        boolean signed = header.pixelRepresentation() == 1 && spp == 1;
        int signBit = 1 << (bits - 1);
        float[] out = new float[frameSamples];
        for (int i = 0; i < frameSamples; i++) {
            int src = planar == 1 && spp == 3 ? (i % 3) * pixels + i / 3 : i;
            int v = (raw.get((int) offset + src) >>> shift) & mask;
            if (signed && (v & signBit) != 0) {
                v -= 1 << bits;
            }
            out[i] = v;
        }
        if (spp == 1 && palette != null) {
            return palette.apply(out, header.columns(), header.rows());
        }
        if (spp == 1) {
            rescale(out, values.rescaleSlope(), values.rescaleIntercept());
            return new DecodedImage(header.columns(), header.rows(), 1, out,
                    "MONOCHROME1".equals(photometric));
        }
        if (photometric.startsWith("YBR_FULL")) {
            ybrToRgb(out, (1 << bits) - 1);
        }
        if (bits > 8) {
            float scale = 255f / ((1 << bits) - 1);
            for (int i = 0; i < out.length; i++) {
                out[i] *= scale;
            }
        }
        return new DecodedImage(header.columns(), header.rows(), 3, out, false);
    }

    private static void rescale(float[] values, double slope, double intercept) {
        if (slope == 1 && intercept == 0) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (values[i] * slope + intercept);
        }
    }

    private static void ybrToRgb(float[] s, int max) {
        double half = (max + 1) / 2.0;
        for (int i = 0; i < s.length; i += 3) {
            double y = s[i];
            double cb = s[i + 1] - half;
            double cr = s[i + 2] - half;
            s[i] = (float) clamp(Math.round(y + 1.402 * cr), max);
            s[i + 1] = (float) clamp(Math.round(y - 0.344136 * cb - 0.714136 * cr), max);
            s[i + 2] = (float) clamp(Math.round(y + 1.772 * cb), max);
        }
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /**
     * Random access to stored sample words, whatever array the toolkit or the input holds. One
     * final class (not an interface with several implementations) so that the per-sample call
     * stays monomorphic and is inlined.
     */
    static final class Samples {
        private static final int BYTES = 0;
        private static final int WORDS_LE = 1;
        private static final int WORDS_BE = 2;
        private static final int SHORTS = 3;
        private static final int PACKED_BYTES = 4;
        private static final int INTS = 5;

        private final int mode;
        private final byte[] bytes;
        private final short[] shorts;
        private final int[] ints;
        private final int start;
        private final long length;

        private Samples(int mode, byte[] bytes, short[] shorts, int start, long length) {
            this(mode, bytes, shorts, null, start, length);
        }

        private Samples(int mode, byte[] bytes, short[] shorts, int[] ints, int start, long length) {
            this.mode = mode;
            this.bytes = bytes;
            this.shorts = shorts;
            this.ints = ints;
            this.start = start;
            this.length = length;
        }

        /** One sample per byte. */
        static Samples ofBytes(byte[] b) {
            return new Samples(BYTES, b, null, 0, b.length);
        }

        /** Bytes {@code start .. start + length} of {@code b}, one sample each. */
        static Samples ofBytes(byte[] b, int start, int length) {
            return new Samples(BYTES, b, null, start, length);
        }

        /** {@code count} 16-bit words of {@code b} from {@code start}, in the given byte order. */
        static Samples ofWords(byte[] b, int start, int count, boolean bigEndian) {
            return new Samples(bigEndian ? WORDS_BE : WORDS_LE, b, null, start, count);
        }

        /** One sample per int (a codec's output). */
        static Samples ofInts(int[] values) {
            return new Samples(INTS, null, null, values, 0, values.length);
        }

        /** One sample per 16-bit word. */
        static Samples ofShorts(short[] s) {
            return new Samples(SHORTS, null, s, 0, s.length);
        }

        /** 8-bit samples packed two per little-endian 16-bit word (OW pixel data of 8 bits). */
        static Samples ofPackedBytes(short[] s) {
            return new Samples(PACKED_BYTES, null, s, 0, 2L * s.length);
        }

        /** Number of samples. */
        long length() {
            return length;
        }

        /** Sample {@code i} as an unsigned stored word. */
        int get(int i) {
            switch (mode) {
                case BYTES:
                    return bytes[start + i] & 0xFF;
                case WORDS_LE: {
                    int p = start + 2 * i;
                    return (bytes[p + 1] & 0xFF) << 8 | (bytes[p] & 0xFF);
                }
                case WORDS_BE: {
                    int p = start + 2 * i;
                    return (bytes[p] & 0xFF) << 8 | (bytes[p + 1] & 0xFF);
                }
                case SHORTS:
                    return shorts[i] & 0xFFFF;
                case INTS:
                    return ints[i];
                default: {
                    int word = shorts[i >> 1] & 0xFFFF;
                    return (i & 1) == 0 ? word & 0xFF : word >>> 8;
                }
            }
        }
    }
}
