package org.medmoe.dicom;

/**
 * What the service needs to know about one DICOM object before and after decoding its pixels.
 * Carries no patient identifiers (see {@link Identifiers}).
 *
 * @param sopClassUid SOPClassUID (0008,0016)
 * @param sopInstanceUid SOPInstanceUID (0008,0018)
 * @param studyInstanceUid StudyInstanceUID
 * @param seriesInstanceUid SeriesInstanceUID
 * @param modality Modality (0008,0060), or null
 * @param transferSyntaxUid transfer syntax of the object as stored
 * @param rows Rows, 0 when absent
 * @param columns Columns, 0 when absent
 * @param samplesPerPixel SamplesPerPixel (default 1)
 * @param bitsAllocated BitsAllocated, 0 when absent
 * @param bitsStored BitsStored (default BitsAllocated)
 * @param highBit HighBit (default BitsStored - 1)
 * @param pixelRepresentation 0 unsigned, 1 two's complement
 * @param photometricInterpretation as stored, e.g. MONOCHROME2, RGB, YBR_FULL_422
 * @param planarConfiguration 0 interleaved, 1 planar
 * @param frames NumberOfFrames (default 1)
 * @param rescaleSlope RescaleSlope (default 1)
 * @param rescaleIntercept RescaleIntercept (default 0)
 * @param enhanced true when the object has functional groups (an enhanced multi-frame object):
 *        its frames may each have their own rescale and window ({@link FrameValues})
 */
public record DicomHeader(
        String sopClassUid,
        String sopInstanceUid,
        String studyInstanceUid,
        String seriesInstanceUid,
        String modality,
        String transferSyntaxUid,
        int rows,
        int columns,
        int samplesPerPixel,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        int pixelRepresentation,
        String photometricInterpretation,
        int planarConfiguration,
        int frames,
        double rescaleSlope,
        double rescaleIntercept,
        boolean enhanced) {

    /** Returns rows x columns. */
    public long pixelsPerFrame() {
        return (long) rows * columns;
    }

    /** Returns rows x columns x samples x frames. */
    public long totalSamples() {
        return pixelsPerFrame() * Math.max(1, samplesPerPixel) * Math.max(1, frames);
    }
}
