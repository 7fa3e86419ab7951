package org.medmoe.dicom;

/**
 * Reads the markers before a JPEG frame's first scan to settle what three components labelled RGB
 * by the DICOM header are. libjpeg takes three components without a JFIF (APP0) or Adobe (APP14)
 * marker for YCbCr; such a frame is taken as RGB, as the header says, unless it carries the signs
 * of YCbCr (component ids 1, 2, 3 as JFIF numbers them, or subsampled chroma), as some writers
 * store YCbCr under the name RGB. {@link #asLabelledRgb} adds an Adobe marker with transform 0
 * ("no colour transform") to a frame taken as RGB. Stateless and thread-safe; never reads past
 * the array, whatever the bytes.
 */
final class JpegMarkers {

    private static final byte[] ADOBE_RGB = {
        (byte) 0xFF, (byte) 0xEE, 0x00, 0x0E, 'A', 'd', 'o', 'b', 'e', 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00,
    };

    private JpegMarkers() {
    }

    /**
     * {@code jpeg} as it is, or, when its markers leave the colour to libjpeg's guess and do not
     * look like YCbCr, a copy with an Adobe "no colour transform" marker after start-of-image.
     */
    static byte[] asLabelledRgb(byte[] jpeg) {
        if (!unmarkedRgb(jpeg)) {
            return jpeg;
        }
        byte[] out = new byte[jpeg.length + ADOBE_RGB.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(ADOBE_RGB, 0, out, 2, ADOBE_RGB.length);
        System.arraycopy(jpeg, 2, out, 2 + ADOBE_RGB.length, jpeg.length - 2);
        return out;
    }

    /** True when no JFIF or Adobe marker precedes a three-component SOF with ids other than 1, 2, 3 and no subsampling. */
    static boolean unmarkedRgb(byte[] jpeg) {
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            int marker = jpeg[at + 1] & 0xFF;
            int length = (jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF);
            if (marker == 0xDA || length < 2 || at + 2 + length > jpeg.length) {
                return false;
            }
            if (marker == 0xE0 && startsWith(jpeg, at + 4, "JFIF") || marker == 0xEE && startsWith(jpeg, at + 4, "Adobe")) {
                return false;
            }
            if (isStartOfFrame(marker)) {
                return rgbComponents(jpeg, at + 4, length - 2);
            }
            at += 2 + length;
        }
        return false;
    }

    /** A frame header (SOF): sample precision in bits, size and component count. */
    record Frame(int precision, int height, int width, int components) {
    }

    /** The first start-of-frame header of {@code jpeg}; a typed error when there is none before the first scan. */
    static Frame frameHeader(byte[] jpeg) throws DicomCorruptException {
        int at = 2;
        if (jpeg.length < 2 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new DicomCorruptException("JPEG frame does not start with a start-of-image marker");
        }
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            int marker = jpeg[at + 1] & 0xFF;
            int length = (jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF);
            if (marker == 0xDA || length < 2 || at + 2 + length > jpeg.length) {
                break;
            }
            if (isStartOfFrame(marker) && length >= 8) {
                return new Frame(jpeg[at + 4] & 0xFF, (jpeg[at + 5] & 0xFF) << 8 | (jpeg[at + 6] & 0xFF),
                        (jpeg[at + 7] & 0xFF) << 8 | (jpeg[at + 8] & 0xFF), jpeg[at + 9] & 0xFF);
            }
            at += 2 + length;
        }
        throw new DicomCorruptException("JPEG frame has no frame header before its first scan");
    }

    private static boolean rgbComponents(byte[] b, int at, int length) {
        if (length < 6 || (b[at + 5] & 0xFF) != 3 || length < 6 + 9) {
            return false;
        }
        int c = at + 6;
        boolean jfifIds = b[c] == 1 && b[c + 3] == 2 && b[c + 6] == 3;
        boolean sameSampling = b[c + 1] == b[c + 4] && b[c + 1] == b[c + 7];
        return !jfifIds && sameSampling;
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        if (at + ascii.length() > b.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
