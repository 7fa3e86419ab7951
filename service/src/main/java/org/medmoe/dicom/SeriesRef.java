package org.medmoe.dicom;

import java.util.Objects;

/**
 * A series, by its study and SeriesInstanceUID (0020,000E).
 *
 * @param study the study
 * @param seriesInstanceUid the UID
 */
public record SeriesRef(StudyRef study, String seriesInstanceUid) {

    /** Checks the UID. */
    public SeriesRef {
        Objects.requireNonNull(study, "study");
        StudyRef.Uids.check(seriesInstanceUid, "seriesInstanceUid");
    }

    /** Returns an instance of this series. */
    public InstanceRef instance(String sopInstanceUid) {
        return new InstanceRef(this, sopInstanceUid);
    }
}
