package org.medmoe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PipelineLoaderTest {
    static final Path SHIPPED = Path.of(System.getProperty("medmoe.project.dir", ".")).resolve("topology/pipeline.yaml");

    static final String MINIMAL = """
            version: "2"
            selection:
              default: {maxSeries: 1, maxImagesPerSeries: 1}
            promptSets:
              - id: core
                version: "1.0"
                modalities: [CT]
                questions:
                  - id: abnormal
                    text: Is there an abnormality?
                    kind: closed
                    candidates: ["yes", "no"]
                    positive: "yes"
                    finding: {code: "263654008", scheme: SCT, meaning: Abnormal}
            triage:
              targets: {STAT: PT1H, URGENT: PT4H, ROUTINE: PT24H}
              rules:
                - id: r1
                  priority: URGENT
                  reason: likely abnormal
                  question: abnormal
                  probabilityAbove: 0.8
            report:
              banner: b
              technique: t
              closedFinding: c
              openFinding: o
              impressionPositive: p
              impressionNone: n
            """;

    @Test
    void shouldLoadTheShippedPipeline() {
        Pipeline pipeline = PipelineLoader.load(SHIPPED);

        assertThat(pipeline.promptSetFor("CT")).hasValueSatisfying(p -> assertThat(p.questions())
                .extracting(Pipeline.Question::id).containsExactly("modality", "abnormality", "location"));
        assertThat(pipeline.selectionFor("CR").frames()).isEqualTo(Pipeline.FramePolicy.FIRST);
        assertThat(pipeline.selectionFor("US")).isEqualTo(pipeline.selection().get("default"));
        assertThat(pipeline.triage().targets()).containsEntry("STAT", Duration.ofHours(1));
    }

    @Test
    void shouldLoadAMinimalPipelineWithDefaults() {
        Pipeline pipeline = PipelineLoader.parse("p.yaml", MINIMAL);

        Pipeline.Question q = pipeline.promptSets().get(0).questions().get(0);
        assertThat(q.aggregation()).isEqualTo(Pipeline.Aggregation.MAX);
        assertThat(q.finding()).isEqualTo(new Pipeline.Code("263654008", "SCT", "Abnormal"));
        assertThat(q.presentAt()).isEqualTo(0.5);
        assertThat(pipeline.selectionFor("CT").frames()).isEqualTo(Pipeline.FramePolicy.MIDDLE);
        assertThat(pipeline.triage().rules().get(0).probabilityAbove()).isEqualTo(0.8);
    }

    @Test
    void shouldNameTheLineAndKeyOfAnUnknownQuestionInARule() {
        String text = MINIMAL.replace("question: abnormal\n", "question: abnormality\n");

        assertThatThrownBy(() -> PipelineLoader.parse("p.yaml", text))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("p.yaml line 21 (triage.rules[0].question): unknown question 'abnormality'");
    }

    @Test
    void shouldRejectAMisspeltKeyWithItsLine() {
        String text = MINIMAL.replace("    candidates:", "    candidate:");

        assertThatThrownBy(() -> PipelineLoader.parse("p.yaml", text))
                .hasMessageContaining("p.yaml line 12 (promptSets[0].questions[0].candidate): unknown key 'candidate'")
                .hasMessageContaining("promptSets[0].questions[0].candidates): a closed question needs at least two");
    }

    @Test
    void shouldRejectAPositiveAnswerThatIsNotACandidateAndABadPriority() {
        String text = MINIMAL.replace("positive: \"yes\"", "positive: \"maybe\"").replace("priority: URGENT",
                "priority: SOON");

        assertThatThrownBy(() -> PipelineLoader.parse("p.yaml", text))
                .hasMessageContaining("line 13 (promptSets[0].questions[0].positive): 'maybe' is not one of the candidates")
                .hasMessageContaining("line 19 (triage.rules[0].priority): 'SOON' is not one of [STAT, URGENT, ROUTINE]");
    }

    @Test
    void shouldRejectABadDurationAndAProbabilityOutOfRange() {
        String text = MINIMAL.replace("URGENT: PT4H", "URGENT: 4 hours").replace("probabilityAbove: 0.8",
                "probabilityAbove: 80");

        assertThatThrownBy(() -> PipelineLoader.parse("p.yaml", text))
                .hasMessageContaining("(triage.targets.URGENT): '4 hours' is not an ISO-8601 duration")
                .hasMessageContaining("(triage.rules[0].probabilityAbove): must be a probability between 0 and 1");
    }

    @Test
    void shouldReadAPresentThresholdAndRejectOneOutOfRange() {
        String text = MINIMAL.replace("    positive: \"yes\"\n", "    positive: \"yes\"\n        presentAt: 0.7\n");

        assertThat(PipelineLoader.parse("p.yaml", text).promptSets().get(0).questions().get(0).presentAt()).isEqualTo(0.7);
        assertThatThrownBy(() -> PipelineLoader.parse("p.yaml", text.replace("presentAt: 0.7", "presentAt: 7")))
                .hasMessageContaining("(promptSets[0].questions[0].presentAt): must be a probability between 0 and 1");
    }

    @Test
    void shouldReportInvalidYamlWithItsLine() {
        assertThatThrownBy(() -> PipelineLoader.parse("p.yaml", "version: 1\nselection: [\n"))
                .hasMessageContaining("p.yaml line").hasMessageContaining("not valid YAML");
    }
}
