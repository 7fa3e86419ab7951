package org.medmoe.dicom;

/**
 * Bounds on what the decoder accepts, checked against the header before pixel data is read.
 *
 * @param maxFileBytes largest object accepted, in bytes
 * @param maxPixelsPerFrame largest rows x columns
 * @param maxTotalSamples largest rows x columns x samples x frames
 */
public record DecodeLimits(long maxFileBytes, long maxPixelsPerFrame, long maxTotalSamples) {

    /** Checks the limits. */
    public DecodeLimits {
        if (maxFileBytes < 1 || maxPixelsPerFrame < 1 || maxTotalSamples < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** 512 MiB per object, 8192 x 8192 pixels per frame, 128 M samples in all. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(512L << 20, 8192L * 8192L, 128L << 20);
    }
}
