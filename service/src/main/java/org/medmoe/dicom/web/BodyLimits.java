package org.medmoe.dicom.web;

/**
 * Caps on DICOMweb response bodies, checked before memory is allocated for them: a declared
 * Content-Length over the cap is refused at once, a body without one is counted as it is read and
 * refused when the count passes the cap. Error bodies are read up to {@link #ERROR_BODY_BYTES}.
 *
 * @param instanceBytes largest retrieved instance (one part of a WADO-RS response)
 * @param jsonBytes largest QIDO-RS, metadata or STOW-RS response
 */
public record BodyLimits(long instanceBytes, long jsonBytes) {
    /** Bytes of an error body kept for the error message. */
    public static final int ERROR_BODY_BYTES = 512;
    /** Multipart framing allowed on top of {@link #instanceBytes} in a declared Content-Length. */
    static final long FRAMING_BYTES = 64 * 1024;
    /** The largest body one byte array holds. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Checks the caps. */
    public BodyLimits {
        if (instanceBytes < 1 || jsonBytes < 1) {
            throw new IllegalArgumentException("body limits must be positive");
        }
        if (instanceBytes > MAX_ARRAY || jsonBytes > MAX_ARRAY) {
            throw new IllegalArgumentException("body limits must be at most " + MAX_ARRAY + " bytes (one Java array)");
        }
    }

    /** 512 MiB per instance (the decoder's own limit), 64 MiB of JSON. */
    public static BodyLimits defaults() {
        return new BodyLimits(512L << 20, 64L << 20);
    }
}
