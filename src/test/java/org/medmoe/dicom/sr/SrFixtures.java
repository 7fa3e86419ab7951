package org.medmoe.dicom.sr;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.medmoe.dicom.DicomHeader;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.CodedConcept;
import org.medmoe.schema.ImageFinding;
import org.medmoe.schema.Provenance;
import org.medmoe.schema.Status;
import org.medmoe.schema.StatusCode;
import org.medmoe.schema.StudyFinding;
import org.medmoe.schema.StudyFindings;

/** Findings and SR sources built from a real image header, for SR tests. */
final class SrFixtures {

    private SrFixtures() {
    }

    static StudyFindings findings(DicomHeader image, long revision) {
        Provenance provenance = Provenance.newBuilder().setModelName("med-moe-tiny").setModelVersion("0.1.0")
                .setModelVariant("phi2").setExecutionProvider("CPU").setPromptSetId("ct-default")
                .setPromptSetVersion("1").setCodeVersion("0.1.0").setFileHashes(Map.of())
                .setIntendedUse("Machine-generated; not for diagnostic use without review by a qualified clinician.")
                .build();
        StudyFinding pneumonia = StudyFinding.newBuilder().setQuestionId("ct.pneumonia")
                .setFinding(new CodedConcept("233604007", "SCT", "Pneumonia")).setAnswer("yes").setProbability(0.87)
                .setAggregation("MAX").setImageCount(1).build();
        StudyFinding effusion = StudyFinding.newBuilder().setQuestionId("ct.effusion")
                .setFinding(new CodedConcept("60046008", "SCT", "Pleural effusion")).setAnswer("no")
                .setProbability(0.12).setAggregation("MAX").setImageCount(1).build();
        StudyFinding open = StudyFinding.newBuilder().setQuestionId("ct.describe").setAnswer("an axial slice")
                .setAggregation("FIRST").setImageCount(1).build();
        ImageFinding img = ImageFinding.newBuilder().setSopInstanceUid(image.sopInstanceUid())
                .setSeriesInstanceUid(image.seriesInstanceUid()).setFrame(1).setDicomModality("CT")
                .setModalityScores(List.of()).setAnswers(List.of()).setRouting(List.of()).setTimingsMillis(Map.of())
                .build();
        return StudyFindings.newBuilder().setStudyInstanceUid(image.studyInstanceUid()).setRevision(revision)
                .setAccessionNumber("ACC-1")
                .setSupersedesRevision(null)
                .setStatus(Status.newBuilder().setCode(StatusCode.COMPLETE).setReasons(List.of()).build())
                .setModalityScores(List.of()).setTimingsMillis(Map.of()).setImages(List.of(img))
                .setFindings(List.of(pneumonia, effusion, open)).setProvenance(provenance)
                .setEventTime(Instant.parse("2026-11-25T03:00:00Z")).setProducedAt(Instant.parse("2026-11-25T03:00:05Z"))
                .build();
    }

    /** The prompt set the findings name, with {@code presentAt} as the threshold of both coded questions. */
    static Pipeline.PromptSet promptSet(double presentAt) {
        return new Pipeline.PromptSet("ct-default", "1", List.of("CT"), List.of(
                closed("ct.pneumonia", new Pipeline.Code("233604007", "SCT", "Pneumonia"), presentAt),
                closed("ct.effusion", new Pipeline.Code("60046008", "SCT", "Pleural effusion"), presentAt),
                new Pipeline.Question("ct.describe", "Describe the image.", Pipeline.Kind.OPEN, List.of(), null, null,
                        Pipeline.Aggregation.MAX, 16, Pipeline.Question.DEFAULT_PRESENT_AT)));
    }

    private static Pipeline.Question closed(String id, Pipeline.Code code, double presentAt) {
        return new Pipeline.Question(id, "Is there " + code.meaning() + "?", Pipeline.Kind.CLOSED,
                List.of("yes", "no"), "yes", code, Pipeline.Aggregation.MAX, 16, presentAt);
    }

    static SrSource source(DicomHeader image) {
        return new SrSource("Test^Patient", "PID-1", "19700101", "O", "20040826", "120000", "1", null,
                List.of(new SrSource.SourceImage(image.seriesInstanceUid(), image.sopClassUid(), image.sopInstanceUid())));
    }
}
