package org.medmoe.dicom.sr;

import java.util.List;
import java.util.Objects;

/**
 * What the SR copies from the study it reports on (patient and study modules, so that the PACS
 * files it into the same study) and the images it references.
 *
 * @param patientName PatientName, or null
 * @param patientId PatientID, or null
 * @param patientBirthDate PatientBirthDate (DA), or null
 * @param patientSex PatientSex, or null
 * @param studyDate StudyDate (DA), or null
 * @param studyTime StudyTime (TM), or null
 * @param studyId StudyID, or null
 * @param referringPhysicianName ReferringPhysicianName, or null
 * @param images the source images; their SOP classes are needed for the references
 */
public record SrSource(String patientName, String patientId, String patientBirthDate, String patientSex,
        String studyDate, String studyTime, String studyId, String referringPhysicianName, List<SourceImage> images) {

    /** Copies the list. */
    public SrSource {
        images = List.copyOf(Objects.requireNonNull(images, "images"));
    }

    /**
     * One referenced image.
     *
     * @param seriesInstanceUid its series
     * @param sopClassUid its SOP class
     * @param sopInstanceUid its SOP instance
     */
    public record SourceImage(String seriesInstanceUid, String sopClassUid, String sopInstanceUid) {
    }
}
