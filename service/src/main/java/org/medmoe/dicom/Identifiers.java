package org.medmoe.dicom;

/**
 * Patient and order identifiers of an object, kept apart from {@link DicomHeader} so that they
 * are never logged or printed by accident. {@link #toString()} hides the values.
 *
 * @param patientName PatientName (0010,0010), or null
 * @param patientId PatientID (0010,0020), or null
 * @param accessionNumber AccessionNumber (0008,0050), or null
 */
public record Identifiers(String patientName, String patientId, String accessionNumber) {

    @Override
    public String toString() {
        return "Identifiers[redacted]";
    }
}
