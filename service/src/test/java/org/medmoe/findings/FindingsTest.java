package org.medmoe.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.pipeline.PipelineLoader;
import org.medmoe.schema.Priority;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.SectionName;
import org.medmoe.schema.TriageDecision;

/** Aggregation, triage and report drafting with the shipped pipeline.yaml, and the records they are published as. */
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

    static ImageResult image(String sop, double pYes, String modality, double pModality, String location) {
        Map<String, Double> modalities = new LinkedHashMap<>();
        modalities.put("CT", pModality);
        modalities.put("XRAY", 1 - pModality);
        Map<String, Double> modalityAnswer = new LinkedHashMap<>();
        modalityAnswer.put("ct", pModality);
        modalityAnswer.put("mri", 0.0);
        modalityAnswer.put("pathology", 0.0);
        modalityAnswer.put("xray", 1 - pModality);
        Map<String, Double> abnormality = new LinkedHashMap<>();
        abnormality.put("yes", pYes);
        abnormality.put("no", 1 - pYes);
        return new ImageResult(sop, "1.2.3.1", 1, "CT", modalities, List.of(
                answer("modality", true, modality, modalityAnswer),
                answer("abnormality", true, pYes >= 0.5 ? "yes" : "no", abnormality),
                answer("location", false, location, Map.of())), List.of(), Map.of());
    }

    static ImageAnswer answer(String id, boolean closed, String text, Map<String, Double> candidates) {
        return new ImageAnswer(id, id + "?", closed, text, candidates, null, null, 0, false);
    }

    /** The study's results: its event's modality and order priority, and {@code images} aggregated. */
    StudyResult study(String modality, String orderPriority, List<ImageResult> images) {
        return new StudyResult("1.2.3", 2, 1L, null, List.of(modality), orderPriority, EVENT_TIME, List.of(),
                images, aggregator.aggregate(images, CORE), aggregator.modalityScores(images),
                new ModelProvenance("medmoe-tiny", "1", "phi2", Map.of(), "CPU", "core", "1.0", "test"), Map.of(),
                NOW);
    }

    TriageDecision decide(String modality, String orderPriority, List<ImageResult> images) {
        StudyResult study = study(modality, orderPriority, images);
        return FindingsMapper.triage(study, triage.decide(study, NOW));
    }

    ReportDraft draft(String modality, List<ImageResult> images) {
        StudyResult study = study(modality, null, images);
        return FindingsMapper.draft(study, drafter.draft(study, CORE, NOW));
    }

    @Test
    void shouldTakeTheMostSuspiciousImageForAMaxFindingAndAverageTheModality() {
        List<AggregatedFinding> study = aggregator.aggregate(List.of(image("1", 0.2, "ct", 0.9, "none"),
                image("2", 0.93, "ct", 0.7, "left"), image("3", 0.4, "xray", 0.3, "left")), CORE);

        AggregatedFinding abnormal = study.stream().filter(f -> f.questionId().equals("abnormality")).findFirst()
                .orElseThrow();
        assertThat(abnormal.probability()).isCloseTo(0.93, within(1e-12));
        assertThat(abnormal.answer()).isEqualTo("yes");
        assertThat(abnormal.finding().value()).isEqualTo("263654008");
        assertThat(abnormal.imageCount()).isEqualTo(3);
        AggregatedFinding modality = study.stream().filter(f -> f.questionId().equals("modality")).findFirst()
                .orElseThrow();
        assertThat(modality.answer()).isEqualTo("ct");
        assertThat(modality.probability()).isNull();
        AggregatedFinding location = study.stream().filter(f -> f.questionId().equals("location")).findFirst()
                .orElseThrow();
        assertThat(location.answer()).isEqualTo("left");
        assertThat(aggregator.modalityScores(List.of(image("1", 0, "ct", 0.9, "x"), image("2", 0, "ct", 0.5, "x"))))
                .hasEntrySatisfying("CT", p -> assertThat(p).isCloseTo(0.7, within(1e-12)));
    }

    @Test
    void shouldAnswerNoWhenThePositiveProbabilityStaysBelowOneHalf() {
        List<AggregatedFinding> study = aggregator.aggregate(List.of(image("1", 0.1, "ct", 0.9, "none"),
                image("2", 0.45, "ct", 0.9, "none")), CORE);

        assertThat(study.get(1).answer()).isEqualTo("no");
        assertThat(study.get(1).probability()).isCloseTo(0.45, within(1e-12));
    }

    @Test
    void shouldTakeThePresentThresholdFromThePromptSet() throws IOException {
        // Given the shipped prompt set with the abnormality question asking for 0.8 instead of the default
        Pipeline.PromptSet strict = PipelineLoader.parse("strict.yaml", Files.readString(PIPELINE_FILE)
                .replace("presentAt: 0.5", "presentAt: 0.8"))
                .promptSetFor("CT").orElseThrow();
        List<ImageResult> images = List.of(image("1", 0.7, "ct", 0.9, "left"));

        // Then 0.7 is a positive answer by default and a negative one under the stricter threshold
        assertThat(aggregator.aggregate(images, CORE).get(1).answer()).isEqualTo("yes");
        assertThat(strict.questions().get(1).presentAt()).isEqualTo(0.8);
        assertThat(aggregator.aggregate(images, strict).get(1).answer()).isEqualTo("no");
    }

    @Test
    void shouldMarkALikelyAbnormalRadiographUrgentWithItsEvidenceAndDeadline() {
        TriageDecision d = decide("CR", null, List.of(image("1", 0.91, "xray", 0.1, "right")));

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
        TriageDecision d = decide("CT", null, List.of(image("1", 0.85, "ct", 0.9, "left")));

        assertThat(d.getPriority()).isEqualTo(Priority.ROUTINE);
        assertThat(d.getFiredRules()).isEmpty();
        assertThat(d.getScore()).isZero();
        assertThat(d.getDeadline()).isEqualTo(EVENT_TIME.plus(Duration.ofHours(24)));
    }

    @Test
    void shouldPutTheMostUrgentFiredRuleFirst() {
        TriageDecision d = decide("CR", "STAT", List.of(image("1", 0.95, "xray", 0.1, "left")));

        assertThat(d.getPriority()).isEqualTo(Priority.STAT);
        assertThat(d.getFiredRules()).extracting(r -> r.getRuleId()).containsExactly("stat-order-abnormal", "xray-abnormal");
        assertThat(d.getDeadline()).isEqualTo(EVENT_TIME.plus(Duration.ofHours(1)));
    }

    @Test
    void shouldDraftAReportWhoseSentencesTraceToTheirFindings() {
        ReportDraft draft = draft("CT", List.of(image("1", 0.93, "ct", 0.9, "left"), image("2", 0.2, "ct", 0.8, "left")));

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
        ReportDraft draft = draft("CT", List.of(image("1", 0.1, "ct", 0.9, "none")));

        assertThat(draft.getSections().get(2).getSentences()).singleElement().satisfies(s -> {
            assertThat(s.getText()).isEqualTo("No abnormality suspected by the model.");
            assertThat(s.getSources()).containsExactly("abnormality");
        });
    }
}
