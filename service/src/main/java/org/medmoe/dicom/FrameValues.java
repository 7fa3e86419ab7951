package org.medmoe.dicom;

import org.medmoe.imaging.VoiTransform;

/**
 * The values one frame is decoded and displayed with: rescale slope and intercept (greyscale),
 * the file's VOI transform for it, and where in the object each was found. For enhanced
 * multi-frame objects (PS3.3 C.7.6.16) these differ per frame; for other objects every frame has
 * the top-level values. Immutable.
 *
 * @param rescaleSlope slope of the modality transform (1 for colour)
 * @param rescaleIntercept intercept of the modality transform (0 for colour)
 * @param rescaleFrom where slope and intercept came from
 * @param voi the file's VOI LUT or window for this frame, or null when it has none (or is colour)
 * @param voiFrom where the VOI transform came from ({@link Source#NONE} when null)
 */
public record FrameValues(double rescaleSlope, double rescaleIntercept, Source rescaleFrom, VoiTransform voi,
        Source voiFrom) {

    /** Where a value of a frame was found. */
    public enum Source {
        /** The frame's own item of the Per-frame Functional Groups Sequence. */
        PER_FRAME,
        /** The Shared Functional Groups Sequence. */
        SHARED,
        /** The top-level attributes of the data set (Rescale Slope, Window Center, ...). */
        TOP_LEVEL,
        /** Nowhere: the default (slope 1, intercept 0; no file VOI). */
        NONE
    }

    /** Checks the values. */
    public FrameValues {
        if (!Double.isFinite(rescaleSlope) || !Double.isFinite(rescaleIntercept)) {
            throw new IllegalArgumentException("rescale must be finite, was " + rescaleSlope + "/" + rescaleIntercept);
        }
        if (rescaleFrom == null || voiFrom == null || (voi == null) != (voiFrom == Source.NONE)) {
            throw new IllegalArgumentException("sources required, NONE exactly when there is no VOI");
        }
    }
}
