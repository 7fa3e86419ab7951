package org.medmoe.dicom;

/**
 * The image size a JPEG 2000 frame claims, read in Java from its SIZ marker (ISO/IEC 15444-1
 * A.5.1) before any native code sees the frame, so that a codestream claiming more than the DICOM
 * header (and so more than the {@link DecodeLimits}) is refused before the codec allocates
 * anything. Accepts a raw codestream (SOC, SIZ) and a JP2 file (its boxes are walked to the
 * contiguous codestream box). Stateless; every method is thread-safe.
 *
 * @param jp2 true when the frame is a JP2 file, false for a raw codestream
 * @param width Xsiz - XOsiz
 * @param height Ysiz - YOsiz
 * @param components Csiz
 * @param tiles the number of tiles the tile size implies
 */
record J2kHeader(boolean jp2, long width, long height, int components, long tiles) {

    private static final int SIZ_FIXED_BYTES = 38;
    private static final byte[] JP2_SIGNATURE = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A};

    /** Reads the SIZ marker of {@code frame}, or throws {@link DicomCorruptException}. */
    static J2kHeader read(byte[] frame) throws DicomCorruptException {
        boolean jp2 = startsWith(frame, JP2_SIGNATURE);
        int at = jp2 ? codestreamOffset(frame) : 0;
        if (frame.length - at < 4 + SIZ_FIXED_BYTES || u16(frame, at) != 0xFF4F || u16(frame, at + 2) != 0xFF51) {
            throw new DicomCorruptException("JPEG 2000 frame does not start with the SOC and SIZ markers");
        }
        int siz = at + 4;
        long xsiz = u32(frame, siz + 4);
        long ysiz = u32(frame, siz + 8);
        long xosiz = u32(frame, siz + 12);
        long yosiz = u32(frame, siz + 16);
        long xtsiz = u32(frame, siz + 20);
        long ytsiz = u32(frame, siz + 24);
        long xtosiz = u32(frame, siz + 28);
        long ytosiz = u32(frame, siz + 32);
        int csiz = u16(frame, siz + 36);
        if (xsiz <= xosiz || ysiz <= yosiz || xtsiz == 0 || ytsiz == 0 || xtosiz > xosiz || ytosiz > yosiz) {
            throw new DicomCorruptException("JPEG 2000 SIZ marker has an empty image or tile grid ("
                    + xsiz + "x" + ysiz + " from " + xosiz + "," + yosiz + ", tiles " + xtsiz + "x" + ytsiz + ")");
        }
        long tiles = ceilDiv(xsiz - xtosiz, xtsiz) * ceilDiv(ysiz - ytosiz, ytsiz);
        return new J2kHeader(jp2, xsiz - xosiz, ysiz - yosiz, csiz, tiles);
    }

    /**
     * Checks that this frame is the {@code columns} x {@code rows} image of {@code samples}
     * components the DICOM header declares, with at most one tile per pixel row.
     */
    void check(int columns, int rows, int samples) throws DicomCorruptException {
        if (width != columns || height != rows || components != samples) {
            throw new DicomCorruptException("JPEG 2000 frame claims " + width + "x" + height + " pixels x "
                    + components + " components, the DICOM header says " + columns + "x" + rows + " x " + samples);
        }
        if (tiles > rows) {
            throw new DicomCorruptException("JPEG 2000 frame claims " + tiles + " tiles for " + columns + "x" + rows
                    + " pixels");
        }
    }

    private static int codestreamOffset(byte[] b) throws DicomCorruptException {
        int at = 0;
        while (at + 8 <= b.length) {
            long length = u32(b, at);
            int header = 8;
            if (length == 1) {
                if (at + 16 > b.length) {
                    break;
                }
                length = u32(b, at + 8) << 32 | u32(b, at + 12);
                header = 16;
            } else if (length == 0) {
                length = b.length - at;
            }
            if (b[at + 4] == 'j' && b[at + 5] == 'p' && b[at + 6] == '2' && b[at + 7] == 'c') {
                return at + header;
            }
            if (length < header || length > b.length - at) {
                break;
            }
            at += (int) length;
        }
        throw new DicomCorruptException("JP2 frame has no contiguous codestream box");
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }
}
