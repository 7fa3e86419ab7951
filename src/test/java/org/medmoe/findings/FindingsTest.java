package org.medmoe.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.pipeline.PipelineLoader;
import org.medmoe.schema.ImageFinding;
import org.medmoe.schema.LabelScore;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ModalityScore;
import org.medmoe.schema.Priority;
import org.medmoe.schema.Provenance;
import org.medmoe.schema.QuestionKind;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.SectionName;
import org.medmoe.schema.Status;
import org.medmoe.schema.StatusCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFinding;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.StudyLocator;
import org.medmoe.schema.TriageDecision;
import org.medmoe.schema.VqaAnswer;

/** Aggregation, triage and report drafting with the shipped pipeline.yaml. */
class FindingsTest {
    static final Path PIPELINE_FILE = Path.of(System.getProperty("medmoe.project.dir", "."))
            .resolve("topology/pipeline.yaml");
    static final Pipeline PIPELINE = PipelineLoader.load(PIPELINE_FILE);
    static final Pipeline.PromptSet CORE = PIPELINE.promptSetFor("CT").orElseThrow();
    static final Instant EVENT_TIME = Instant.parse("2026-11-25T08:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-25T08:00:05Z");

    private final StudyAggregator aggregator = new StudyAggregator();
    private final TriageEngine triage = new TriageEngine(PIPELINE.triage());
    private final ReportDrafter drafter = new ReportDrafter(PIPELINE.report());

    static ImageFinding image(String sop, double pYes, String modality, double pModality, String location) {
        return ImageFinding.newBuilder().setSopInstanceUid(sop).setSeriesInstanceUid("1.2.3.1")
                .setModalityScores(List.of(new ModalityScore("CT", pModality), new ModalityScore("XRAY", 1 - pModality)))
                .setAnswers(List.of(
                        answer("modality", QuestionKind.CLOSED, modality, List.of(new LabelScore("ct", pModality),
                                new LabelScore("mri", 0.0), new LabelScore("pathology", 0.0),
                                new LabelScore("xray", 1 - pModality))),
                        answer("abnormality", QuestionKind.CLOSED, pYes >= 0.5 ? "yes" : "no",
                                List.of(new LabelScore("yes", pYes), new LabelScore("no", 1 - pYes))),
                        answer("location", QuestionKind.OPEN, location, List.of())))
                .build();
    }

    static VqaAnswer answer(String id, QuestionKind kind, String text, List<LabelScore> candidates) {
        return VqaAnswer.newBuilder().setQuestionId(id).setQuestion(id + "?").setKind(kind).setAnswer(text)
                .setCandidates(candidates).build();
    }

    static StudyEvent event(String modality, String orderPriority) {
        return StudyEvent.newBuilder().setStudyInstanceUid("1.2.3").setRevision(2).setModalities(List.of(modality))
                .setSeriesCount(1).setInstanceCount(2).setOrderPriority(orderPriority)
                .setLocator(new StudyLocator(LocatorKind.FILE, "file:/data", null)).setSource("test")
                .setEventTime(EVENT_TIME).build();
    }

    StudyFindings findings(List<ImageFinding> images) {
        return StudyFindings.newBuilder().setStudyInstanceUid("1.2.3").setRevision(2).setSupersedesRevision(1L)
                .setStatus(new Status(StatusCode.COMPLETE, List.of())).setImages(images)
                .setFindings(aggregator.aggregate(images, CORE)).setModalityScores(aggregator.modalityScores(images))
                .setProvenance(Provenance.newBuilder().setModelName("medmoe-tiny").setModelVersion("1")
                        .setModelVariant("phi2").setFileHashes(Map.of()).setExecutionProvider("CPU")
                        .setPromptSetId("core").setPromptSetVersion("1.0").setCodeVersion("test").build())
                .setEventTime(EVENT_TIME).setProducedAt(NOW).build();
    }

    @Test
    void shouldTakeTheMostSuspiciousImageForAMaxFindingAndAverageTheModality() {
        List<StudyFinding> study = aggregator.aggregate(List.of(image("1", 0.2, "ct", 0.9, "none"),
                image("2", 0.93, "ct", 0.7, "left"), image("3", 0.4, "xray", 0.3, "left")), CORE);

        StudyFinding abnormal = study.stream().filter(f -> f.getQuestionId().equals("abnormality")).findFirst().orElseThrow();
        assertThat(abnormal.getProbability()).isCloseTo(0.93, within(1e-12));
        assertThat(abnormal.getAnswer()).isEqualTo("yes");
        assertThat(abnormal.getFinding().getCodeValue()).isEqualTo("263654008");
        assertThat(abnormal.getImageCount()).isEqualTo(3);
        StudyFinding modality = study.stream().filter(f -> f.getQuestionId().equals("modality")).findFirst().orElseThrow();
        assertThat(modality.getAnswer()).isEqualTo("ct");
        assertThat(modality.getProbability()).isNull();
        StudyFinding location = study.stream().filter(f -> f.getQuestionId().equals("location")).findFirst().orElseThrow();
        assertThat(location.getAnswer()).isEqualTo("left");
        assertThat(aggregator.modalityScores(List.of(image("1", 0, "ct", 0.9, "x"), image("2", 0, "ct", 0.5, "x"))))
                .first().satisfies(s -> assertThat(s.getProbability()).isCloseTo(0.7, within(1e-12)));
    }

    @Test
    void shouldAnswerNoWhenThePositiveProbabilityStaysBelowOneHalf() {
        List<StudyFinding> study = aggregator.aggregate(List.of(image("1", 0.1, "ct", 0.9, "none"),
                image("2", 0.45, "ct", 0.9, "none")), CORE);

        assertThat(study.get(1).getAnswer()).isEqualTo("no");
        assertThat(study.get(1).getProbability()).isCloseTo(0.45, within(1e-12));
    }

    @Test
    void shouldTakeThePresentThresholdFromThePromptSet() throws IOException {
        // Given the shipped prompt set with the abnormality question asking for 0.8 instead of the default
        Pipeline.PromptSet strict = PipelineLoader.parse("strict.yaml", Files.readString(PIPELINE_FILE)
                .replace("presentAt: 0.5", "presentAt: 0.8"))
                .promptSetFor("CT").orElseThrow();
        List<ImageFinding> images = List.of(image("1", 0.7, "ct", 0.9, "left"));

        // Then 0.7 is a positive answer by default and a negative one under the stricter threshold
        assertThat(aggregator.aggregate(images, CORE).get(1).getAnswer()).isEqualTo("yes");
        assertThat(strict.questions().get(1).presentAt()).isEqualTo(0.8);
        assertThat(aggregator.aggregate(images, strict).get(1).getAnswer()).isEqualTo("no");
    }

    @Test
    void shouldMarkALikelyAbnormalRadiographUrgentWithItsEvidenceAndDeadline() {
        StudyFindings f = findings(List.of(image("1", 0.91, "xray", 0.1, "right")));

        TriageDecision d = triage.decide(event("CR", null), f, NOW);

        assertThat(d.getPriority()).isEqualTo(Priority.URGENT);
        assertThat(d.getFiredRules()).singleElement().satisfies(r -> {
            assertThat(r.getRuleId()).isEqualTo("xray-abnormal");
            assertThat(r.getEvidence()).singleElement().satisfies(e -> assertThat(e.getProbability()).isEqualTo(0.91));
        });
        assertThat(d.getScore()).isEqualTo(0.91);
        assertThat(d.getDeadline()).isEqualTo(EVENT_TIME.plus(Duration.ofHours(4)));
        assertThat(d.getSupersedesRevision()).isEqualTo(1L);
    }

    @Test
    void shouldStayRoutineBelowTheRuleThresholdForCt() {
        TriageDecision d = triage.decide(event("CT", null), findings(List.of(image("1", 0.85, "ct", 0.9, "left"))), NOW);

        assertThat(d.getPriority()).isEqualTo(Priority.ROUTINE);
        assertThat(d.getFiredRules()).isEmpty();
        assertThat(d.getScore()).isZero();
        assertThat(d.getDeadline()).isEqualTo(EVENT_TIME.plus(Duration.ofHours(24)));
    }

    @Test
    void shouldPutTheMostUrgentFiredRuleFirst() {
        TriageDecision d = triage.decide(event("CR", "STAT"), findings(List.of(image("1", 0.95, "xray", 0.1, "left"))),
                NOW);

        assertThat(d.getPriority()).isEqualTo(Priority.STAT);
        assertThat(d.getFiredRules()).extracting(r -> r.getRuleId()).containsExactly("stat-order-abnormal", "xray-abnormal");
        assertThat(d.getDeadline()).isEqualTo(EVENT_TIME.plus(Duration.ofHours(1)));
    }

    @Test
    void shouldDraftAReportWhoseSentencesTraceToTheirFindings() {
        StudyFindings f = findings(List.of(image("1", 0.93, "ct", 0.9, "left"), image("2", 0.2, "ct", 0.8, "left")));

        ReportDraft draft = drafter.draft(event("CT", null), f, CORE, NOW);

        assertThat(draft.getMachineGenerated()).isTrue();
        assertThat(draft.getBanner()).startsWith("MACHINE-GENERATED DRAFT").contains("medmoe-tiny 1");
        assertThat(draft.getSections()).extracting(s -> s.getName())
                .containsExactly(SectionName.TECHNIQUE, SectionName.FINDINGS, SectionName.IMPRESSION);
        assertThat(draft.getSections().get(0).getSentences().get(0).getText()).isEqualTo("CT study; 2 image(s) analysed.");
        assertThat(draft.getSections().get(1).getSentences()).extracting(s -> s.getText()).containsExactly(
                "What modality is this? ct.", "Is there an abnormality? yes (probability 93%).",
                "Where is the abnormality? left.");
        assertThat(draft.getSections().get(1).getSentences().get(1).getSources()).containsExactly("abnormality");
        assertThat(draft.getSections().get(2).getSentences()).singleElement().satisfies(s ->
                assertThat(s.getText()).isEqualTo("Abnormal suspected (probability 93%); review recommended."));
        assertThat(draft.getText()).startsWith(draft.getBanner()).contains("IMPRESSION:\n  Abnormal suspected");
    }

    @Test
    void shouldSayNoAbnormalityWhenNoCodedFindingIsPresent() {
        ReportDraft draft = drafter.draft(event("CT", null), findings(List.of(image("1", 0.1, "ct", 0.9, "none"))), CORE,
                NOW);

        assertThat(draft.getSections().get(2).getSentences()).singleElement().satisfies(s -> {
            assertThat(s.getText()).isEqualTo("No abnormality suspected by the model.");
            assertThat(s.getSources()).containsExactly("abnormality");
        });
    }
}
