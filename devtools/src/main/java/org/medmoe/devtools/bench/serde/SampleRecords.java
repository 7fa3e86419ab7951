package org.medmoe.devtools.bench.serde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.schema.CodedConcept;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.Evidence;
import org.medmoe.schema.ExpertRouting;
import org.medmoe.schema.FiredRule;
import org.medmoe.schema.ImageFinding;
import org.medmoe.schema.LabelScore;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ModalityScore;
import org.medmoe.schema.Priority;
import org.medmoe.schema.Provenance;
import org.medmoe.schema.QuestionKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.ReportSection;
import org.medmoe.schema.SectionName;
import org.medmoe.schema.Sentence;
import org.medmoe.schema.Status;
import org.medmoe.schema.StatusCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFinding;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.StudyLocator;
import org.medmoe.schema.TriageDecision;
import org.medmoe.schema.VqaAnswer;

/**
 * Realistic, deterministic records of every topic, for serde tests and the benchmark. The
 * identifiers are synthetic DICOM UIDs under the 2.25 (UUID-derived) root; no patient data.
 */
public final class SampleRecords {
    /** A synthetic StudyInstanceUID. */
    public static final String STUDY_UID = "2.25.246913578024681357902468135790246813579";
    private static final Instant EVENT_TIME = Instant.parse("2026-11-25T03:14:15.926Z");
    private static final String[] ROUTER_LABELS = {"CT", "MRI", "PATHOLOGY", "XRAY"};
    private static final CodedConcept PNEUMONIA = code("233604007", "SCT", "Pneumonia");
    private static final CodedConcept EFFUSION = code("60046008", "SCT", "Pleural effusion");

    private SampleRecords() {
    }

    /** A CT study announced by an Orthanc change feed. */
    public static StudyEvent studyEvent() {
        return StudyEvent.newBuilder()
                .setStudyInstanceUid(STUDY_UID)
                .setRevision(412)
                .setAccessionNumber("ACC-2026-000731")
                .setModalities(List.of("CT", "SR"))
                .setSeriesCount(3)
                .setInstanceCount(412)
                .setStudyDate("20261125")
                .setStudyTime("031200.000000")
                .setOrderPriority("STAT")
                .setProcedureCode(code("RPID16", "RADLEX", "CT CHEST WITH CONTRAST"))
                .setLocator(StudyLocator.newBuilder().setKind(LocatorKind.DICOMWEB)
                        .setUri("http://orthanc:8042/dicom-web").setStudyPath("studies/" + STUDY_UID).build())
                .setSource("orthanc:main")
                .setEventTime(EVENT_TIME)
                .setPatientPseudonym("pz-7f3a9c1e")
                .build();
    }

    /** Findings for 8 images with 6 answers each and routing over 12 MoE layers of 4 experts. */
    public static StudyFindings studyFindings() {
        return studyFindings(8, 6, 12);
    }

    /** Findings of the given size: {@code images} x {@code answers} answers, {@code layers} MoE layers. */
    public static StudyFindings studyFindings(int images, int answers, int layers) {
        List<ImageFinding> perImage = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            perImage.add(imageFinding(i, answers, layers));
        }
        List<StudyFinding> aggregated = new ArrayList<>();
        for (int q = 0; q < answers; q++) {
            aggregated.add(StudyFinding.newBuilder().setQuestionId("ct.chest.q" + q)
                    .setFinding(q % 2 == 0 ? PNEUMONIA : EFFUSION)
                    .setAnswer(q % 3 == 0 ? "yes" : "no").setProbability(0.5 + q / 20.0)
                    .setAggregation("MAX").setImageCount(images).build());
        }
        return StudyFindings.newBuilder()
                .setStudyInstanceUid(STUDY_UID)
                .setRevision(412)
                .setSupersedesRevision(380L)
                .setAccessionNumber("ACC-2026-000731")
                .setStatus(Status.newBuilder().setCode(StatusCode.PARTIAL)
                        .setReasons(List.of("2.25.1.9 DICOM_UNSUPPORTED: JPEG-LS transfer syntax")).build())
                .setImages(perImage)
                .setFindings(aggregated)
                .setModalityScores(modalityScores(0))
                .setProvenance(provenance())
                .setTimingsMillis(timings(0))
                .setEventTime(EVENT_TIME)
                .setProducedAt(EVENT_TIME.plusMillis(8_734))
                .build();
    }

    /** A STAT decision with one fired rule and its evidence. */
    public static TriageDecision triageDecision() {
        return TriageDecision.newBuilder()
                .setStudyInstanceUid(STUDY_UID).setRevision(412).setSupersedesRevision(380L)
                .setAccessionNumber("ACC-2026-000731")
                .setPriority(Priority.STAT).setScore(0.93)
                .setFiredRules(List.of(FiredRule.newBuilder().setRuleId("ct-pneumonia-stat")
                        .setPriority(Priority.STAT).setReason("Pneumonia probability >= 0.9 on CT chest")
                        .setEvidence(List.of(Evidence.newBuilder().setQuestionId("ct.chest.q0").setFinding(PNEUMONIA)
                                .setAnswer("yes").setProbability(0.93).build()))
                        .build()))
                .setDeadline(EVENT_TIME.plusSeconds(3_600))
                .setProvenance(provenance())
                .setDecidedAt(EVENT_TIME.plusMillis(8_800))
                .build();
    }

    /** A three-section draft with traceable sentences. */
    public static ReportDraft reportDraft() {
        List<ReportSection> sections = List.of(
                section(SectionName.TECHNIQUE, "CT of the chest with intravenous contrast, 3 series."),
                section(SectionName.FINDINGS, "Consolidation in the right lower lobe, consistent with pneumonia."),
                section(SectionName.IMPRESSION, "Findings suggestive of right lower lobe pneumonia."));
        return ReportDraft.newBuilder()
                .setStudyInstanceUid(STUDY_UID).setRevision(412).setSupersedesRevision(null)
                .setAccessionNumber("ACC-2026-000731")
                .setBanner("MACHINE-GENERATED DRAFT - not for diagnostic use without review")
                .setMachineGenerated(true)
                .setSections(sections)
                .setText("MACHINE-GENERATED DRAFT\nTECHNIQUE: ...\nFINDINGS: ...\nIMPRESSION: ...")
                .setProvenance(provenance())
                .setCreatedAt(EVENT_TIME.plusMillis(9_001))
                .build();
    }

    /** An undecodable input, with its original bytes. */
    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setOriginalTopic("pacs.study.events").setPartition(3).setOffset(1_234_567L)
                .setKey(ByteBuffer.wrap(STUDY_UID.getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 42, 7, 7}))
                .setStudyInstanceUid(STUDY_UID).setRevision(null)
                .setStage("deserialize").setReason(ReasonCode.UNDECODABLE_RECORD)
                .setMessage("wrong magic byte 0x01 on topic 'pacs.study.events'")
                .setErrorClass("org.medmoe.registry.WireFormatException")
                .setAttempts(1)
                .setTime(EVENT_TIME.plusMillis(12))
                .build();
    }

    private static ImageFinding imageFinding(int index, int answers, int layers) {
        List<VqaAnswer> vqa = new ArrayList<>();
        for (int q = 0; q < answers; q++) {
            boolean closed = q < answers - 1;
            double p = 0.55 + ((index * 7 + q * 3) % 40) / 100.0;
            vqa.add(VqaAnswer.newBuilder()
                    .setQuestionId("ct.chest.q" + q)
                    .setQuestion(closed ? "Is there evidence of " + (q % 2 == 0 ? "pneumonia" : "pleural effusion")
                            + " in this image?" : "Describe the most significant abnormality in this image.")
                    .setKind(closed ? QuestionKind.CLOSED : QuestionKind.OPEN)
                    .setAnswer(closed ? (p > 0.7 ? "yes" : "no")
                            : "Patchy consolidation in the right lower lobe with air bronchograms.")
                    .setCandidates(closed ? List.of(label("yes", p), label("no", 1 - p)) : List.of())
                    .setFinding(closed ? (q % 2 == 0 ? PNEUMONIA : EFFUSION) : null)
                    .setFindingProbability(closed ? p : null)
                    .setGeneratedTokens(closed ? 1 : 14)
                    .setTruncated(false)
                    .build());
        }
        List<ExpertRouting> routing = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            double a = 0.4 + (layer % 5) * 0.05;
            routing.add(ExpertRouting.newBuilder().setLayer(layer * 2 + 1)
                    .setExpertShares(List.of(a, (1 - a) * 0.5, (1 - a) * 0.3, (1 - a) * 0.2))
                    .setTokens(576 + 32).build());
        }
        return ImageFinding.newBuilder()
                .setSopInstanceUid("2.25.1135791357913579135791357913579" + String.format("%04d", index))
                .setSeriesInstanceUid("2.25.224680246802468024680246802468" + (index % 3))
                .setFrame(1)
                .setDicomModality("CT")
                .setModalityScores(modalityScores(index))
                .setAnswers(vqa)
                .setRouting(routing)
                .setTimingsMillis(timings(index))
                .build();
    }

    private static List<ModalityScore> modalityScores(int seed) {
        double ct = 0.91 - (seed % 4) * 0.01;
        double rest = (1 - ct) / 3;
        List<ModalityScore> scores = new ArrayList<>();
        for (String label : ROUTER_LABELS) {
            scores.add(ModalityScore.newBuilder().setLabel(label).setProbability(label.equals("CT") ? ct : rest).build());
        }
        return scores;
    }

    private static Map<String, Double> timings(int seed) {
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("fetch", 41.5 + seed);
        timings.put("decode", 12.25);
        timings.put("preprocess", 3.75);
        timings.put("vision", 118.0 + seed * 0.5);
        timings.put("prefill", 64.125);
        timings.put("decode_tokens", 210.5);
        return timings;
    }

    private static Provenance provenance() {
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("vision_encoder.onnx", "9f2c4e8a1b7d3f6052e9c8a7b6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7");
        hashes.put("embed_tokens.onnx", "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809");
        hashes.put("decoder_model_merged.onnx", "f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f");
        return Provenance.newBuilder()
                .setModelName("med-moe-phi2").setModelVersion("1.0.0").setModelVariant("phi2")
                .setFileHashes(hashes).setExecutionProvider("CUDA")
                .setPromptSetId("ct-chest").setPromptSetVersion("3").setCodeVersion("0.1.0")
                .build();
    }

    private static ReportSection section(SectionName name, String text) {
        return ReportSection.newBuilder().setName(name)
                .setSentences(List.of(Sentence.newBuilder().setText(text).setSources(List.of("ct.chest.q0")).build()))
                .build();
    }

    private static LabelScore label(String label, double p) {
        return LabelScore.newBuilder().setLabel(label).setProbability(p).build();
    }

    private static CodedConcept code(String value, String scheme, String meaning) {
        return CodedConcept.newBuilder().setCodeValue(value).setCodingScheme(scheme).setCodeMeaning(meaning).build();
    }
}
