package org.medmoe.dicom;

import java.util.Objects;

/**
 * A study, by its StudyInstanceUID (0020,000D).
 *
 * @param studyInstanceUid the UID, non-empty
 */
public record StudyRef(String studyInstanceUid) {

    /** Checks the UID. */
    public StudyRef {
        Uids.check(studyInstanceUid, "studyInstanceUid");
    }

    /** Returns a series of this study. */
    public SeriesRef series(String seriesInstanceUid) {
        return new SeriesRef(this, seriesInstanceUid);
    }

    @Override
    public String toString() {
        return studyInstanceUid;
    }

    /** Package helpers for UID checks. */
    static final class Uids {
        private Uids() {
        }

        static void check(String uid, String what) {
            Objects.requireNonNull(uid, what);
            if (uid.isEmpty() || uid.length() > 64 || !uid.matches("[0-9.]+")) {
                throw new IllegalArgumentException(what + " is not a DICOM UID: '" + uid + "'");
            }
        }
    }
}
