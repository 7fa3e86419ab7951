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

    /**
     * 512 MiB per object, 40 M pixels per frame (a 5120 x 6144 mammogram fits), 256 M samples in
     * all. A decoded frame takes 4 bytes per sample (float), so the largest colour frame needs
     * about 480 MB of heap: size the heap and the number of concurrent decodes accordingly.
     */
    public static DecodeLimits defaults() {
        return new DecodeLimits(512L << 20, 40L << 20, 256L << 20);
    }
}
