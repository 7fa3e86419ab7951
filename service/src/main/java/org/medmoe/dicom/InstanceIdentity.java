package org.medmoe.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;

/**
 * Which study, series and instance one DICOM object holds, and its modality: what a folder
 * listing needs, read without the rest of the header ({@link DicomImageReader#identify}).
 *
 * @param studyInstanceUid StudyInstanceUID (0020,000D), or null
 * @param seriesInstanceUid SeriesInstanceUID (0020,000E), or null
 * @param sopInstanceUid SOPInstanceUID (0008,0018), or null
 * @param modality Modality (0008,0060), or null
 * @param patientId PatientID (0010,0020), or null: to tell studies of different patients that share
 *        a study UID apart; never logged ({@link #toString()} hides it)
 */
public record InstanceIdentity(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
        String modality, String patientId) {

    static InstanceIdentity of(AttributeList list) {
        return new InstanceIdentity(HeaderReader.string(list, TagFromName.StudyInstanceUID),
                HeaderReader.string(list, TagFromName.SeriesInstanceUID),
                HeaderReader.string(list, TagFromName.SOPInstanceUID),
                HeaderReader.string(list, TagFromName.Modality),
                HeaderReader.string(list, TagFromName.PatientID));
    }

    @Override
    public String toString() {
        return "InstanceIdentity[study=" + studyInstanceUid + ", series=" + seriesInstanceUid + ", sop="
                + sopInstanceUid + ", modality=" + modality + ", patientId=redacted]";
    }

    /** True when all three UIDs are present. */
    boolean complete() {
        return studyInstanceUid != null && seriesInstanceUid != null && sopInstanceUid != null;
    }
}
