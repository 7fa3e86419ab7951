package org.medmoe.dicom;

import com.sun.jna.Pointer;

/**
 * Decodes one 8-bit JPEG frame (baseline or extended, greyscale or colour) held in memory with
 * libjpeg-turbo's TurboJPEG API. The frame's size from its SOF marker is checked against the DICOM
 * header before the output is allocated; every return code is checked, and TurboJPEG's warnings
 * (corrupt or truncated data) are errors; its message becomes the {@link DicomCorruptException}'s.
 * Colour comes back as RGB: libjpeg-turbo undoes the YCbCr transform when the JPEG markers say the
 * data is YCbCr (JFIF, Adobe transform, component ids), as pydicom's Pillow does. Thread-safe:
 * each call has its own TurboJPEG handle, destroyed in {@code finally}.
 */
final class TurboJpegDecoder {

    private static final int TJCS_RGB = 0;
    private static final int TJCS_YCBCR = 1;
    private static final int TJCS_GRAY = 2;

    private final TurboJpegLibrary lib;

    /** Decodes with {@code lib}, a loaded libturbojpeg. */
    TurboJpegDecoder(TurboJpegLibrary lib) {
        this.lib = lib;
    }

    /**
     * Decodes {@code frame}, which must hold {@code columns} x {@code rows} pixels of
     * {@code samples} (1 or 3) components; returns one byte per sample, pixel-interleaved.
     */
    byte[] decode(byte[] frame, int columns, int rows, int samples) throws DicomCorruptException {
        Pointer handle = lib.tjInitDecompress();
        if (handle == null) {
            throw new DicomCorruptException("TurboJPEG could not create a decoder");
        }
        try {
            int[] width = new int[1];
            int[] height = new int[1];
            int[] subsampling = new int[1];
            int[] colorspace = new int[1];
            check(handle, lib.tjDecompressHeader3(handle, frame, frame.length, width, height, subsampling, colorspace),
                    "read the header");
            boolean grey = colorspace[0] == TJCS_GRAY;
            if (samples == 1 != grey || samples == 3 && colorspace[0] != TJCS_RGB && colorspace[0] != TJCS_YCBCR) {
                throw new DicomCorruptException("JPEG frame has colour space " + colorspace[0]
                        + " (TurboJPEG TJCS), the DICOM header says " + samples + " samples per pixel");
            }
            if (width[0] != columns || height[0] != rows) {
                throw new DicomCorruptException("JPEG frame claims " + width[0] + "x" + height[0]
                        + " pixels, the DICOM header says " + columns + "x" + rows);
            }
            byte[] out = new byte[Math.multiplyExact(columns * rows, samples)];
            int format = samples == 1 ? TurboJpegLibrary.PF_GRAY : TurboJpegLibrary.PF_RGB;
            check(handle, lib.tjDecompress2(handle, frame, frame.length, out, columns, 0, rows, format,
                    TurboJpegLibrary.FLAG_ACCURATEDCT | TurboJpegLibrary.FLAG_STOPONWARNING), "decode");
            return out;
        } finally {
            lib.tjDestroy(handle);
        }
    }

    private void check(Pointer handle, int status, String step) throws DicomCorruptException {
        if (status != 0) {
            throw new DicomCorruptException("JPEG frame could not be decoded (TurboJPEG failed to " + step + ": "
                    + lib.tjGetErrorStr2(handle) + ")");
        }
    }
}
