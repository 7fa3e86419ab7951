package org.medmoe.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medmoe.schema.CodedConcept;
import org.medmoe.schema.ExpertRouting;
import org.medmoe.schema.ImageFinding;
import org.medmoe.schema.LabelScore;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ModalityScore;
import org.medmoe.schema.Provenance;
import org.medmoe.schema.QuestionKind;
import org.medmoe.schema.Status;
import org.medmoe.schema.StatusCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFinding;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.StudyLocator;
import org.medmoe.schema.VqaAnswer;

/** Records with every kind of field set (optional ones included, nested lists and maps) for the serde tests. */
final class RecordSamples {
    static final String STUDY_UID = "2.25.246913578024681357902468135790246813579";
    private static final Instant EVENT_TIME = Instant.parse("2026-11-25T03:14:15.926Z");
    private static final CodedConcept PNEUMONIA = new CodedConcept("233604007", "SCT", "Pneumonia");

    private RecordSamples() {
    }

    /** A CT study announced by an Orthanc change feed, every optional field set. */
    static StudyEvent studyEvent() {
        return StudyEvent.newBuilder().setStudyInstanceUid(STUDY_UID).setRevision(412)
                .setAccessionNumber("ACC-2026-000731").setModalities(List.of("CT", "SR")).setSeriesCount(3)
                .setInstanceCount(412).setStudyDate("20261125").setStudyTime("031200.000000").setOrderPriority("STAT")
                .setProcedureCode(new CodedConcept("RPID16", "RADLEX", "CT CHEST WITH CONTRAST"))
                .setLocator(new StudyLocator(LocatorKind.DICOMWEB, "http://orthanc:8042/dicom-web",
                        "studies/" + STUDY_UID))
                .setSource("orthanc:main").setEventTime(EVENT_TIME).setPatientPseudonym("pz-7f3a9c1e").build();
    }

    /** PARTIAL findings of 8 images, each with a closed and an open answer and routing over 12 MoE layers. */
    static StudyFindings studyFindings() {
        List<ImageFinding> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            images.add(image(i));
        }
        return StudyFindings.newBuilder().setStudyInstanceUid(STUDY_UID).setRevision(412).setSupersedesRevision(380L)
                .setAccessionNumber("ACC-2026-000731")
                .setStatus(new Status(StatusCode.PARTIAL, List.of("2.25.1.9 DICOM_UNSUPPORTED: JPEG-LS")))
                .setImages(images)
                .setFindings(List.of(new StudyFinding("q0", PNEUMONIA, "yes", 0.93, "MAX", 8),
                        new StudyFinding("q1", null, "consolidation", null, "MOST_FREQUENT", 8)))
                .setModalityScores(List.of(new ModalityScore("CT", 0.91), new ModalityScore("MRI", 0.09)))
                .setProvenance(Provenance.newBuilder().setModelName("med-moe-phi2").setModelVersion("1.0.0")
                        .setModelVariant("phi2").setFileHashes(Map.of("vision_encoder.onnx", "9f2c4e8a"))
                        .setExecutionProvider("CUDA").setPromptSetId("ct-chest").setPromptSetVersion("3")
                        .setCodeVersion("0.1.0").build())
                .setTimingsMillis(Map.of("plan", 1.5, "model", 210.25)).setEventTime(EVENT_TIME)
                .setProducedAt(EVENT_TIME.plusMillis(8_734)).build();
    }

    private static ImageFinding image(int index) {
        double p = 0.55 + index / 20.0;
        List<VqaAnswer> answers = List.of(
                new VqaAnswer("q0", "Is there evidence of pneumonia in this image?", QuestionKind.CLOSED,
                        p > 0.7 ? "yes" : "no", List.of(new LabelScore("yes", p), new LabelScore("no", 1 - p)),
                        PNEUMONIA, p, 1, false),
                new VqaAnswer("q1", "Describe the most significant abnormality.", QuestionKind.OPEN, "consolidation",
                        List.of(), null, null, 14, true));
        List<ExpertRouting> routing = new ArrayList<>();
        for (int layer = 0; layer < 12; layer++) {
            routing.add(new ExpertRouting(layer * 2 + 1, List.of(0.4, 0.3, 0.2, 0.1), 608));
        }
        return new ImageFinding("2.25.11357913579" + index, "2.25.2246802468" + index % 3, 1, "CT",
                List.of(new ModalityScore("CT", 0.9)), answers, routing, Map.of("fetch", 41.5 + index));
    }
}
