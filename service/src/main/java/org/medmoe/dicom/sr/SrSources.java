package org.medmoe.dicom.sr;

import java.util.ArrayList;
import java.util.List;
import org.medmoe.dicom.DicomDates;
import org.medmoe.dicom.web.DicomJson;

/**
 * Builds an {@link SrSource} from a study's WADO-RS metadata, so that the SR carries the same
 * patient and study attributes as the images (a PACS such as Orthanc files an object under the
 * patient ID and study UID together: an SR without the patient ID lands in another study). Study
 * date and time in the old ACR-NEMA style are written in DICOM form ({@link DicomDates}).
 */
public final class SrSources {

    private SrSources() {
    }

    /**
     * Uses the first instance for the patient and study attributes and references every
     * instance whose SOP instance UID is in {@code referenced} (all, when null).
     */
    public static SrSource fromMetadata(List<DicomJson> metadata, List<String> referenced) {
        if (metadata.isEmpty()) {
            throw new IllegalArgumentException("no instances in the study metadata");
        }
        DicomJson first = metadata.get(0);
        List<SrSource.SourceImage> images = new ArrayList<>();
        for (DicomJson m : metadata) {
            String sop = m.string(DicomJson.SOP_INSTANCE_UID);
            if (referenced == null || referenced.contains(sop)) {
                images.add(new SrSource.SourceImage(m.string(DicomJson.SERIES_UID), m.string("00080016"), sop));
            }
        }
        return new SrSource(first.string("00100010"), first.string("00100020"), first.string("00100030"),
                first.string("00100040"), DicomDates.date(first.string("00080020")), DicomDates.time(first.string("00080030")), first.string("00200010"),
                first.string("00080090"), images);
    }
}
