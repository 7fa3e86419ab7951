package org.medmoe.dicom;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Decodes one JPEG-LS frame (lossless or near-lossless, greyscale or colour, 2 to 16 bits) held in
 * memory with CharLS. The frame's size, component count and precision from its header are checked
 * against the DICOM header before the output is allocated; every return code is checked and
 * CharLS's message becomes the {@link DicomCorruptException}'s. Samples come back as coded,
 * pixel-interleaved (planes of colour frames coded without interleaving are interleaved here);
 * signed samples keep their two's complement bits, which {@link PixelUnpacker} sign-extends.
 * Thread-safe: each call has its own CharLS decoder and source copy, freed in {@code finally}.
 */
final class CharLsDecoder {

    private final CharLsLibrary lib;

    /** Decodes with {@code lib}, a loaded libcharls. */
    CharLsDecoder(CharLsLibrary lib) {
        this.lib = lib;
    }

    /** CharLS's version, e.g. {@code 2.4.1}. */
    String version() {
        int[] major = new int[1];
        int[] minor = new int[1];
        int[] patch = new int[1];
        lib.charls_get_version_number(major, minor, patch);
        return major[0] + "." + minor[0] + "." + patch[0];
    }

    /**
     * Decodes {@code frame}, which must hold {@code columns} x {@code rows} pixels of
     * {@code samples} components of at most {@code bitsAllocated} bits each.
     */
    PixelUnpacker.Samples decode(byte[] frame, int columns, int rows, int samples, int bitsAllocated)
            throws DicomCorruptException {
        if (frame.length == 0) {
            throw new DicomCorruptException("JPEG-LS frame is empty");
        }
        Pointer decoder = lib.charls_jpegls_decoder_create();
        if (decoder == null) {
            throw new DicomCorruptException("CharLS could not create a decoder");
        }
        try (Memory source = new Memory(frame.length)) {
            source.write(0, frame, 0, frame.length);
            check(lib.charls_jpegls_decoder_set_source_buffer(decoder, source, frame.length), "take the frame");
            check(lib.charls_jpegls_decoder_read_header(decoder), "read the header");
            int[] info = new int[4];
            check(lib.charls_jpegls_decoder_get_frame_info(decoder, info), "read the frame header");
            checkFrame(info, columns, rows, samples, bitsAllocated);
            checkPresets(frame, info[2]);
            int[] mode = new int[1];
            check(lib.charls_jpegls_decoder_get_interleave_mode(decoder, mode), "read the interleave mode");
            int bytesPerSample = info[2] > 8 ? 2 : 1;
            long expected = (long) columns * rows * samples * bytesPerSample;
            long[] size = new long[1];
            check(lib.charls_jpegls_decoder_get_destination_size(decoder, 0, size), "size the output");
            if (size[0] != expected) {
                throw new DicomCorruptException("JPEG-LS frame decodes to " + size[0] + " bytes, the DICOM header implies "
                        + expected);
            }
            byte[] out = new byte[Math.toIntExact(expected)];
            check(lib.charls_jpegls_decoder_decode_to_buffer(decoder, out, out.length, 0), "decode");
            byte[] interleaved = samples == 3 && mode[0] == CharLsLibrary.INTERLEAVE_NONE
                    ? interleave(out, columns * rows, bytesPerSample) : out;
            return bytesPerSample == 1 ? PixelUnpacker.Samples.ofBytes(interleaved)
                    : PixelUnpacker.Samples.ofWords(interleaved, 0, interleaved.length / 2, false);
        } finally {
            lib.charls_jpegls_decoder_destroy(decoder);
        }
    }

    private static void checkFrame(int[] info, int columns, int rows, int samples, int bitsAllocated)
            throws DicomCorruptException {
        long width = Integer.toUnsignedLong(info[0]);
        long height = Integer.toUnsignedLong(info[1]);
        if (width != columns || height != rows || info[3] != samples) {
            throw new DicomCorruptException("JPEG-LS frame claims " + width + "x" + height + " pixels x " + info[3]
                    + " components, the DICOM header says " + columns + "x" + rows + " x " + samples);
        }
        if (info[2] < 2 || info[2] > 16 || info[2] > bitsAllocated) {
            throw new DicomCorruptException("JPEG-LS frame has " + info[2] + "-bit samples, the DICOM header allocates "
                    + bitsAllocated + " bits");
        }
    }

    /** JPEG-LS's default RESET (ITU-T T.87, C.2.4.1.1). */
    static final int DEFAULT_RESET = 64;

    /**
     * Refuses preset coding parameters (an LSE marker segment of ID 1, anywhere in the frame: a marker
     * cannot occur inside JPEG-LS scan data) under which a context's accumulated error, which grows
     * for up to RESET samples of up to MAXVAL + 1 each before it is halved, can pass 2^31. T.87
     * allows such values (RESET up to MAXVAL), no encoder writes them (the default RESET is 64), and
     * CharLS 2.4 as Debian builds it then fails an assertion ({@code k <= 32} in its run-mode context)
     * and aborts the whole process.
     */
    static void checkPresets(byte[] frame, int precision) throws DicomCorruptException {
        long maxval = (1L << precision) - 1;
        long reset = DEFAULT_RESET;
        for (int i = 0; i + 14 < frame.length; i++) {
            if ((frame[i] & 0xFF) == 0xFF && (frame[i + 1] & 0xFF) == 0xF8 && frame[i + 4] == 1) {
                int presetMaxval = (frame[i + 5] & 0xFF) << 8 | frame[i + 6] & 0xFF;
                int presetReset = (frame[i + 13] & 0xFF) << 8 | frame[i + 14] & 0xFF;
                maxval = presetMaxval == 0 ? maxval : presetMaxval;
                reset = presetReset == 0 ? reset : presetReset;
            }
        }
        if (reset * (maxval + 1) >= 1L << 31) {
            throw new DicomCorruptException("JPEG-LS frame has preset coding parameters RESET " + reset + " and MAXVAL "
                    + maxval + ", under which the decoder's error counters overflow (RESET x (MAXVAL + 1) must stay"
                    + " below 2^31)");
        }
    }

    /** Planes (all of component 0, then 1, then 2) to pixel-interleaved samples. */
    private static byte[] interleave(byte[] planar, int pixels, int bytesPerSample) {
        byte[] out = new byte[planar.length];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < pixels; p++) {
                int from = (c * pixels + p) * bytesPerSample;
                int to = (p * 3 + c) * bytesPerSample;
                System.arraycopy(planar, from, out, to, bytesPerSample);
            }
        }
        return out;
    }

    private void check(int status, String step) throws DicomCorruptException {
        if (status != 0) {
            throw new DicomCorruptException("JPEG-LS frame could not be decoded (CharLS failed to " + step + ": "
                    + lib.charls_get_error_message(status) + ")");
        }
    }
}
