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
 */
public record InstanceIdentity(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
        String modality) {

    static InstanceIdentity of(AttributeList list) {
        return new InstanceIdentity(HeaderReader.string(list, TagFromName.StudyInstanceUID),
                HeaderReader.string(list, TagFromName.SeriesInstanceUID),
                HeaderReader.string(list, TagFromName.SOPInstanceUID),
                HeaderReader.string(list, TagFromName.Modality));
    }

    /** True when all three UIDs are present. */
    boolean complete() {
        return studyInstanceUid != null && seriesInstanceUid != null && sopInstanceUid != null;
    }
}
