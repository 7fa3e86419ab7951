package org.medmoe.imaging;

/**
 * A value-of-interest transform: maps a modality value (after rescale) to a display value in
 * [0, 255]. Implementations are immutable and thread-safe.
 */
public sealed interface VoiTransform permits VoiWindow, VoiLut {

    /** Maps {@code value} to [0, 255]. */
    double apply(double value);
}
