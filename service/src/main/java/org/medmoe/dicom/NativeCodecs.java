package org.medmoe.dicom;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which decoders this process uses for JPEG 2000 and for 8-bit JPEG: OpenJPEG (Debian's
 * {@code libopenjp2-7}) and libjpeg-turbo's TurboJPEG ({@code libturbojpeg0}), loaded through JNA,
 * when they can be loaded; otherwise the Java decoders (jai-imageio for JPEG 2000, the JDK's
 * ImageIO JPEG reader and PixelMed for JPEG). JPEG-LS is decoded only by CharLS
 * ({@code libcharls2}, through JNA) and JPEG of 9 to 12 bits only by dcmtk's {@code dcmdjpeg}
 * (a child process); without them those are refused with a typed error. All are optional: each is looked up
 * once, on first use, and the outcome is logged once at INFO. Setting the system property
 * {@value #PROPERTY} to {@code false} (for example in {@code MEDMOE_JAVA_OPTS}) keeps all decoding
 * in Java. Thread-safe.
 */
public final class NativeCodecs {

    /** System property that turns native decoding off when {@code false}. */
    public static final String PROPERTY = "medmoe.dicom.native";

    private static final Logger LOG = LoggerFactory.getLogger(NativeCodecs.class);

    private NativeCodecs() {
    }

    /** The OpenJPEG decoder, or null when native decoding is off or libopenjp2 could not be loaded. */
    static OpenJpegDecoder openJpeg() {
        return OpenJpegHolder.DECODER;
    }

    /** The TurboJPEG decoder, or null when native decoding is off or libturbojpeg could not be loaded. */
    static TurboJpegDecoder turboJpeg() {
        return TurboJpegHolder.DECODER;
    }

    /** The CharLS decoder, or null when native decoding is off or libcharls could not be loaded. */
    static CharLsDecoder charLs() {
        return CharLsHolder.DECODER;
    }

    /** The dcmtk decoder of 12-bit JPEG, or null when native decoding is off or dcmdjpeg is not on the PATH. */
    static DcmtkJpeg12Decoder jpeg12() {
        return Jpeg12Holder.DECODER;
    }

    /** One line naming the JPEG-LS decoder in use, for {@code medmoe version}. */
    public static String jpegLsDecoder() {
        return CharLsHolder.DESCRIPTION;
    }

    /** One line naming the decoder of 12-bit JPEG in use, for {@code medmoe version}. */
    public static String jpeg12Decoder() {
        return Jpeg12Holder.DESCRIPTION;
    }

    /** One line naming the JPEG 2000 decoder in use, for {@code medmoe version}. */
    public static String jpeg2000Decoder() {
        return OpenJpegHolder.DESCRIPTION;
    }

    /** One line naming the 8-bit JPEG decoder in use, for {@code medmoe version}. */
    public static String jpegDecoder() {
        return TurboJpegHolder.DESCRIPTION;
    }

    /** Null when native decoding may be tried, else why not. */
    private static String whyNot() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim())) {
            return "native decoding off (" + PROPERTY + "=false)";
        }
        if (!"64".equals(System.getProperty("sun.arch.data.model"))) {
            return "native decoding needs a 64-bit JVM";
        }
        return null;
    }

    /** Loads {@code name}, or its versioned file name where only the runtime package (no -dev link) is installed. */
    private static <T extends Library> T load(String name, String soname, Class<T> type) {
        try {
            return Native.load(name, type);
        } catch (UnsatisfiedLinkError e) {
            return Native.load(soname, type);
        }
    }

    private static final class OpenJpegHolder {
        private static final OpenJpegDecoder DECODER;
        private static final String DESCRIPTION;

        static {
            OpenJpegDecoder decoder = null;
            String description;
            String whyNot = whyNot();
            if (whyNot != null) {
                description = "jai-imageio (Java); " + whyNot;
            } else {
                try {
                    decoder = new OpenJpegDecoder(load("openjp2", "libopenjp2.so.7", OpenJpegLibrary.class));
                    description = "OpenJPEG " + decoder.version() + " (native, libopenjp2)";
                } catch (LinkageError | RuntimeException e) {
                    decoder = null;
                    description = "jai-imageio (Java); libopenjp2 not loaded: " + e.getMessage();
                }
            }
            DECODER = decoder;
            DESCRIPTION = description;
            LOG.info("JPEG 2000 decoder: {}", description);
        }
    }

    private static final class TurboJpegHolder {
        private static final TurboJpegDecoder DECODER;
        private static final String DESCRIPTION;

        static {
            TurboJpegDecoder decoder = null;
            String description;
            String whyNot = whyNot();
            if (whyNot != null) {
                description = "ImageIO / PixelMed (Java); " + whyNot;
            } else {
                try {
                    TurboJpegLibrary lib = load("turbojpeg", "libturbojpeg.so.0", TurboJpegLibrary.class);
                    decoder = new TurboJpegDecoder(lib);
                    description = "libjpeg-turbo TurboJPEG (native, libturbojpeg)";
                } catch (LinkageError | RuntimeException e) {
                    decoder = null;
                    description = "ImageIO / PixelMed (Java); libturbojpeg not loaded: " + e.getMessage();
                }
            }
            DECODER = decoder;
            DESCRIPTION = description;
            LOG.info("JPEG decoder: {}", description);
        }
    }

    private static final class CharLsHolder {
        private static final CharLsDecoder DECODER;
        private static final String DESCRIPTION;

        static {
            CharLsDecoder decoder = null;
            String description;
            String whyNot = whyNot();
            if (whyNot != null) {
                description = "none (JPEG-LS refused); " + whyNot;
            } else {
                try {
                    decoder = new CharLsDecoder(load("charls", "libcharls.so.2", CharLsLibrary.class));
                    description = "CharLS " + decoder.version() + " (native, libcharls)";
                } catch (LinkageError | RuntimeException e) {
                    decoder = null;
                    description = "none (JPEG-LS refused); libcharls not loaded: " + e.getMessage();
                }
            }
            DECODER = decoder;
            DESCRIPTION = description;
            LOG.info("JPEG-LS decoder: {}", description);
        }
    }

    private static final class Jpeg12Holder {
        private static final DcmtkJpeg12Decoder DECODER;
        private static final String DESCRIPTION;

        static {
            DcmtkJpeg12Decoder decoder = null;
            String description;
            String whyNot = whyNot();
            java.nio.file.Path executable = whyNot == null ? DcmtkJpeg12Decoder.find() : null;
            if (whyNot != null) {
                description = "none (12-bit JPEG refused); " + whyNot;
            } else if (executable == null) {
                description = "none (12-bit JPEG refused); dcmtk's dcmdjpeg is not on the PATH";
            } else {
                try {
                    decoder = new DcmtkJpeg12Decoder(executable);
                    description = decoder.version() + " (dcmtk, a child process per frame)";
                } catch (DicomReadException | RuntimeException e) {
                    decoder = null;
                    description = "none (12-bit JPEG refused); dcmdjpeg could not be run: " + e.getMessage();
                }
            }
            DECODER = decoder;
            DESCRIPTION = description;
            LOG.info("12-bit JPEG decoder: {}", description);
        }
    }
}
