package org.medmoe.dicom.sr;

import java.util.List;
import org.medmoe.dicom.DicomHeader;

/** SR content and sources built from a real image header, for SR tests. */
final class SrFixtures {

    private SrFixtures() {
    }

    /** Pneumonia at 0.87 and pleural effusion at 0.12, recorded present or absent as given. */
    static SrContent content(DicomHeader image, long revision, boolean pneumonia, boolean effusion) {
        return new SrContent(image.studyInstanceUid(), revision, "ACC-1", "med-moe-tiny", "0.1.0", "0.1.0",
                "ct-default", "1",
                "Machine-generated; not for diagnostic use without review by a qualified clinician.", List.of(
                        new SrContent.Evaluation("233604007", "SCT", "Pneumonia", pneumonia, "yes", 0.87, "MAX", 1,
                                "ct.pneumonia"),
                        new SrContent.Evaluation("60046008", "SCT", "Pleural effusion", effusion, "no", 0.12, "MAX", 1,
                                "ct.effusion")));
    }

    /** The content a prompt set with the default threshold gives: pneumonia present, effusion absent. */
    static SrContent content(DicomHeader image, long revision) {
        return content(image, revision, true, false);
    }

    static SrSource source(DicomHeader image) {
        return new SrSource("Test^Patient", "PID-1", "19700101", "O", "20040826", "120000", "1", null,
                List.of(new SrSource.SourceImage(image.seriesInstanceUid(), image.sopClassUid(), image.sopInstanceUid())));
    }
}
