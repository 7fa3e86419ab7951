package org.medmoe.dicom;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decodes one JPEG 2000 frame (raw codestream or JP2) held in memory with OpenJPEG, through
 * OpenJPEG's stream callbacks reading from the Java array. The frame's SIZ marker is checked in
 * Java against the DICOM header ({@link J2kHeader}) before OpenJPEG sees it, and the image header
 * OpenJPEG reads is checked again before {@code opj_decode} allocates the components. Every return
 * code is checked; OpenJPEG's error and warning messages are collected and become the message of
 * the {@link DicomCorruptException}, nothing is written to stderr. The codec, the stream and the
 * image are freed in {@code finally}. Decoded samples are as coded (the codec has undone the
 * RCT/ICT component transform), signed components as negative ints. Thread-safe: each call has its
 * own codec and stream; the callbacks are shared and find the call's input by the user-data key.
 */
final class OpenJpegDecoder {

    private static final long END = -1;
    private static final Map<Long, Source> SOURCES = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();

    private final OpenJpegLibrary lib;
    private final OpenJpegLibrary.ReadFunction read = OpenJpegDecoder::read;
    private final OpenJpegLibrary.SkipFunction skip = OpenJpegDecoder::skip;
    private final OpenJpegLibrary.SeekFunction seek = OpenJpegDecoder::seek;
    private final OpenJpegLibrary.MessageFunction error = (message, key) -> note(key, "error", message);
    private final OpenJpegLibrary.MessageFunction warning = (message, key) -> note(key, "warning", message);
    private final OpenJpegLibrary.MessageFunction info = (message, key) -> { };

    /** Decodes with {@code lib}, a loaded libopenjp2. */
    OpenJpegDecoder(OpenJpegLibrary lib) {
        this.lib = lib;
    }

    /** OpenJPEG's version string. */
    String version() {
        return lib.opj_version();
    }

    /**
     * Decodes {@code frame}, which must hold {@code columns} x {@code rows} pixels of
     * {@code samples} components; returns the samples pixel-interleaved, one int each.
     */
    int[] decode(byte[] frame, int columns, int rows, int samples) throws DicomCorruptException {
        J2kHeader siz = J2kHeader.read(frame);
        siz.check(columns, rows, samples);
        long key = KEYS.incrementAndGet();
        Source source = new Source(frame);
        SOURCES.put(key, source);
        Pointer codec = null;
        Pointer stream = null;
        Pointer image = null;
        try {
            codec = lib.opj_create_decompress(siz.jp2() ? OpenJpegLibrary.CODEC_JP2 : OpenJpegLibrary.CODEC_J2K);
            if (codec == null) {
                throw new DicomCorruptException("OpenJPEG could not create a decoder");
            }
            Pointer userData = new Pointer(key);
            lib.opj_set_error_handler(codec, error, userData);
            lib.opj_set_warning_handler(codec, warning, userData);
            lib.opj_set_info_handler(codec, info, userData);
            try (Memory parameters = new Memory(OpenJpegLibrary.DPARAMETERS_BYTES)) {
                parameters.clear();
                lib.opj_set_default_decoder_parameters(parameters);
                check(lib.opj_setup_decoder(codec, parameters), "set up the decoder", source);
            }
            stream = lib.opj_stream_create(Math.min(frame.length, 1 << 20), 1);
            if (stream == null) {
                throw new DicomCorruptException("OpenJPEG could not create a stream");
            }
            lib.opj_stream_set_read_function(stream, read);
            lib.opj_stream_set_skip_function(stream, skip);
            lib.opj_stream_set_seek_function(stream, seek);
            lib.opj_stream_set_user_data(stream, userData, null);
            lib.opj_stream_set_user_data_length(stream, frame.length);
            PointerByReference header = new PointerByReference();
            int ok = lib.opj_read_header(stream, codec, header);
            image = header.getValue();
            check(ok, "read the header", source);
            checkImage(image, columns, rows, samples);
            check(lib.opj_decode(codec, stream, image), "decode", source);
            check(lib.opj_end_decompress(codec, stream), "finish decoding", source);
            return samples(image, columns * rows, samples);
        } finally {
            SOURCES.remove(key);
            if (image != null) {
                lib.opj_image_destroy(image);
            }
            if (stream != null) {
                lib.opj_stream_destroy(stream);
            }
            if (codec != null) {
                lib.opj_destroy_codec(codec);
            }
        }
    }

    private static void checkImage(Pointer image, int columns, int rows, int samples) throws DicomCorruptException {
        if (image == null) {
            throw new DicomCorruptException("OpenJPEG read no image header");
        }
        long width = (image.getInt(8) & 0xFFFFFFFFL) - (image.getInt(0) & 0xFFFFFFFFL);
        long height = (image.getInt(12) & 0xFFFFFFFFL) - (image.getInt(4) & 0xFFFFFFFFL);
        int components = image.getInt(16);
        if (width != columns || height != rows || components != samples) {
            throw new DicomCorruptException("JPEG 2000 image is " + width + "x" + height + " x " + components
                    + " components, the DICOM header says " + columns + "x" + rows + " x " + samples);
        }
        Pointer comps = image.getPointer(OpenJpegLibrary.IMAGE_COMPS_OFFSET);
        for (int c = 0; c < components; c++) {
            Pointer comp = comps.share((long) c * OpenJpegLibrary.COMP_BYTES);
            if (comp.getInt(0) != 1 || comp.getInt(4) != 1) {
                throw new DicomCorruptException("JPEG 2000 component " + c + " is subsampled ("
                        + comp.getInt(0) + "x" + comp.getInt(4) + ")");
            }
        }
    }

    private static int[] samples(Pointer image, int pixels, int samples) throws DicomCorruptException {
        Pointer comps = image.getPointer(OpenJpegLibrary.IMAGE_COMPS_OFFSET);
        int[][] planes = new int[samples][];
        for (int c = 0; c < samples; c++) {
            Pointer comp = comps.share((long) c * OpenJpegLibrary.COMP_BYTES);
            long size = (comp.getInt(8) & 0xFFFFFFFFL) * (comp.getInt(12) & 0xFFFFFFFFL);
            Pointer data = comp.getPointer(OpenJpegLibrary.COMP_DATA_OFFSET);
            if (data == null || size != pixels) {
                throw new DicomCorruptException("JPEG 2000 component " + c + " decoded to " + size
                        + " samples, " + pixels + " expected");
            }
            planes[c] = data.getIntArray(0, pixels);
        }
        if (samples == 1) {
            return planes[0];
        }
        int[] out = new int[pixels * samples];
        for (int c = 0; c < samples; c++) {
            int[] plane = planes[c];
            for (int i = 0, o = c; i < pixels; i++, o += samples) {
                out[o] = plane[i];
            }
        }
        return out;
    }

    private static void check(int ok, String step, Source source) throws DicomCorruptException {
        if (ok == 0) {
            throw new DicomCorruptException("JPEG 2000 frame could not be decoded (OpenJPEG failed to " + step
                    + (source.messages.length() > 0 ? ": " + source.messages.toString().trim() : "") + ")");
        }
    }

    private static Source source(Pointer key) {
        return key == null ? null : SOURCES.get(Pointer.nativeValue(key));
    }

    private static long read(Pointer buffer, long bytes, Pointer key) {
        Source s = source(key);
        if (s == null || s.position >= s.data.length) {
            return END;
        }
        int n = (int) Math.min(bytes, s.data.length - s.position);
        buffer.write(0, s.data, s.position, n);
        s.position += n;
        return n;
    }

    private static long skip(long bytes, Pointer key) {
        Source s = source(key);
        if (s == null || bytes < 0 && -bytes > s.position) {
            return END;
        }
        long target = Math.min(s.data.length, s.position + bytes);
        long skipped = target - s.position;
        s.position = (int) target;
        return skipped;
    }

    private static int seek(long position, Pointer key) {
        Source s = source(key);
        if (s == null || position < 0 || position > s.data.length) {
            return 0;
        }
        s.position = (int) position;
        return 1;
    }

    private static void note(Pointer key, String kind, String message) {
        Source s = source(key);
        if (s != null && s.messages.length() < 2000 && message != null) {
            s.messages.append(kind).append(": ").append(message.trim()).append("; ");
        }
    }

    /** One call's input and read position, and the messages OpenJPEG gave. */
    private static final class Source {
        private final byte[] data;
        private final StringBuilder messages = new StringBuilder();
        private int position;

        Source(byte[] data) {
            this.data = data;
        }
    }
}
