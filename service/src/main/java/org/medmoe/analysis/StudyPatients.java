package org.medmoe.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import org.medmoe.schema.ReasonCode;

/**
 * The patients a study's listing names, to catch one StudyInstanceUID shared by different patients
 * (two studies of a PACS that files by patient and study, such as Orthanc, and a listing by study UID
 * that returns both). Such a study is held back, never analysed as one: {@link #check} throws
 * {@code STUDY_UID_CONFLICT}. Instances without a PatientID are not counted. Messages name series,
 * never patient IDs. Not thread-safe: one per listing.
 */
final class StudyPatients {
    private final String study;
    /** PatientID -> the first series that named it. */
    private final Map<String, String> firstSeries = new LinkedHashMap<>();

    StudyPatients(String study) {
        this.study = study;
    }

    /** Notes that series {@code seriesUid} holds instances of patient {@code patientId} (null: unknown). */
    void add(String patientId, String seriesUid) {
        if (patientId != null && !patientId.isBlank()) {
            firstSeries.putIfAbsent(patientId.trim(), seriesUid);
        }
    }

    /** Throws when more than one patient was noted. */
    void check() throws AnalysisException {
        if (firstSeries.size() > 1) {
            throw new AnalysisException("plan", ReasonCode.STUDY_UID_CONFLICT, "study " + study + " is shared by "
                    + firstSeries.size() + " patients (different PatientID in series " + String.join(", ",
                    firstSeries.values()) + "): held back instead of analysed as one study; give each its own "
                    + "StudyInstanceUID in the PACS, then replay", null);
        }
    }
}
