package org.medmoe.dicom;

import java.util.Objects;

/**
 * An instance (one DICOM object), by its series and SOPInstanceUID (0008,0018).
 *
 * @param series the series
 * @param sopInstanceUid the UID
 */
public record InstanceRef(SeriesRef series, String sopInstanceUid) {

    /** Checks the UID. */
    public InstanceRef {
        Objects.requireNonNull(series, "series");
        StudyRef.Uids.check(sopInstanceUid, "sopInstanceUid");
    }

    /** Returns the study. */
    public StudyRef study() {
        return series.study();
    }
}
