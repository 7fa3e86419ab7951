package org.medmoe.dicom;

import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which JPEG 2000 decoder this process uses: OpenJPEG (Debian's {@code libopenjp2-7}, loaded
 * through JNA) when it can be loaded, otherwise the pure-Java jai-imageio reader. The native
 * library is optional: it is looked up once, on first use, and the outcome is logged once at INFO.
 * Setting the system property {@value #PROPERTY} to {@code false} (for example in
 * {@code MEDMOE_JAVA_OPTS}) keeps decoding in Java. Thread-safe.
 */
public final class NativeCodecs {

    /** System property that turns native decoding off when {@code false}. */
    public static final String PROPERTY = "medmoe.dicom.native";

    private static final Logger LOG = LoggerFactory.getLogger(NativeCodecs.class);

    private NativeCodecs() {
    }

    /** The OpenJPEG decoder, or null when native decoding is off or libopenjp2 could not be loaded. */
    static OpenJpegDecoder openJpeg() {
        return Holder.OPEN_JPEG;
    }

    /** One line naming the JPEG 2000 decoder in use, for {@code version} and {@code inspect}. */
    public static String jpeg2000Decoder() {
        return Holder.DESCRIPTION;
    }

    private static final class Holder {
        private static final OpenJpegDecoder OPEN_JPEG;
        private static final String DESCRIPTION;

        static {
            OpenJpegDecoder decoder = null;
            String description;
            if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim())) {
                description = "jai-imageio (Java); native decoding off (" + PROPERTY + "=false)";
            } else if (!"64".equals(System.getProperty("sun.arch.data.model"))) {
                description = "jai-imageio (Java); native decoding needs a 64-bit JVM";
            } else {
                try {
                    decoder = new OpenJpegDecoder(load());
                    description = "OpenJPEG " + decoder.version() + " (native, libopenjp2)";
                } catch (LinkageError | RuntimeException e) {
                    decoder = null;
                    description = "jai-imageio (Java); libopenjp2 not loaded: " + e.getMessage();
                }
            }
            OPEN_JPEG = decoder;
            DESCRIPTION = description;
            LOG.info("JPEG 2000 decoder: {}", description);
        }

        private static OpenJpegLibrary load() {
            try {
                return Native.load("openjp2", OpenJpegLibrary.class);
            } catch (UnsatisfiedLinkError e) {
                // Only the runtime package (libopenjp2.so.7) may be installed, without the -dev link.
                return Native.load("libopenjp2.so.7", OpenJpegLibrary.class);
            }
        }
    }
}
