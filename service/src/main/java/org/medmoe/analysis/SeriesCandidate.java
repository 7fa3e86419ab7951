package org.medmoe.analysis;

import java.util.List;
import java.util.Map;

/**
 * A series of a study as the source lists it, before selection.
 *
 * @param seriesInstanceUid series UID
 * @param seriesNumber SeriesNumber, or Integer.MAX_VALUE when absent
 * @param modality DICOM modality of the series
 * @param instances its instances in InstanceNumber order
 * @param levels for a whole-slide image series, the pyramid level each instance is, by SOP Instance
 *     UID (empty otherwise, or when the source does not know)
 */
public record SeriesCandidate(String seriesInstanceUid, int seriesNumber, String modality, List<ImageRef> instances,
        Map<String, SlideLevel> levels) {

    /** Whole-slide images (VL Whole Slide Microscopy) have modality SM. */
    public static final String SLIDE_MICROSCOPY = "SM";

    /** A series without level information. */
    public SeriesCandidate(String seriesInstanceUid, int seriesNumber, String modality, List<ImageRef> instances) {
        this(seriesInstanceUid, seriesNumber, modality, instances, Map.of());
    }
}
