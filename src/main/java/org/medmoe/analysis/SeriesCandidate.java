package org.medmoe.analysis;

import java.util.List;

/**
 * A series of a study as the source lists it, before selection.
 *
 * @param seriesInstanceUid series UID
 * @param seriesNumber SeriesNumber, or Integer.MAX_VALUE when absent
 * @param modality DICOM modality of the series
 * @param instances its instances in InstanceNumber order
 */
public record SeriesCandidate(String seriesInstanceUid, int seriesNumber, String modality, List<ImageRef> instances) {
}
