package org.medmoe.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medmoe.analysis.PipelineStage;
import org.medmoe.model.ModalityProbabilities;
import org.medmoe.model.Routing;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.Status;
import org.medmoe.schema.StatusCode;
import org.medmoe.schema.StudyFindings;

/** What the service's listeners report becomes the Prometheus series the README names. */
class ServiceMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ServiceMetrics metrics = new ServiceMetrics(registry);

    @Test
    void shouldCountEachExpertChoicePerLayerAndRank() {
        // Given two MoE layers (decoder layers 1 and 3), five positions, top-2 routing
        Routing routing = new Routing(List.of(1, 3),
                List.of(new int[] {0, 0, 2, 1, 0}, new int[] {3, 3, 3, 3, 1}),
                List.of(new int[] {1, 2, 0, 0, 1}, new int[] {0, 1, 0, 0, 0}),
                List.of(new double[4], new double[4]), new ModalityProbabilities(Map.of("CT", 1.0)));

        // When the model reports it twice
        metrics.routed(routing);
        metrics.routed(routing);

        // Then every layer's first choices add up to the positions routed
        PrometheusText text = PrometheusText.parse(registry.scrape());
        assertThat(text.sum("medmoe_routed_tokens_total")).isEqualTo(10);
        assertThat(text.sum("medmoe_expert_tokens_total", Map.of("layer", "1", "rank", "1"))).isEqualTo(10);
        assertThat(text.sum("medmoe_expert_tokens_total", Map.of("layer", "3", "rank", "1"))).isEqualTo(10);
        assertThat(text.sum("medmoe_expert_tokens_total", Map.of("layer", "1", "expert", "0", "rank", "1")))
                .isEqualTo(6);
        assertThat(text.sum("medmoe_expert_tokens_total", Map.of("layer", "3", "expert", "3", "rank", "1")))
                .isEqualTo(8);
        assertThat(text.sum("medmoe_expert_tokens_total", Map.of("layer", "3", "expert", "0", "rank", "2")))
                .isEqualTo(8);
    }

    @Test
    void shouldCountStudiesImagesPartialsAndDeadLettersByStageAndReason() {
        metrics.published(findings(StatusCode.COMPLETE, List.of()), 5_000_000, 1_000_000);
        metrics.published(findings(StatusCode.PARTIAL, List.of("image a: TIMEOUT", "image b: DICOM_CORRUPT")),
                7_000_000, 1_000_000);
        metrics.deadLettered(letter("intake", ReasonCode.BAD_EVENT));
        metrics.deadLettered(letter("intake", ReasonCode.BAD_EVENT));
        metrics.deadLettered(letter("decode", ReasonCode.DICOM_CORRUPT));
        metrics.stage(PipelineStage.FETCH, 2_000_000);

        PrometheusText text = PrometheusText.parse(registry.scrape());
        assertThat(text.sum("medmoe_studies_total", Map.of("status", "COMPLETE"))).isEqualTo(1);
        assertThat(text.sum("medmoe_studies_total", Map.of("status", "PARTIAL"))).isEqualTo(1);
        assertThat(text.sum("medmoe_partial_findings_total")).isEqualTo(2);
        assertThat(text.sum("medmoe_dead_letters_total", Map.of("stage", "intake", "reason", "BAD_EVENT")))
                .isEqualTo(2);
        assertThat(text.sum("medmoe_dead_letters_total", Map.of("stage", "decode", "reason", "DICOM_CORRUPT")))
                .isEqualTo(1);
        assertThat(text.sum("medmoe_stage_seconds_count", Map.of("stage", "publish"))).isEqualTo(2);
        assertThat(text.sum("medmoe_stage_seconds_count", Map.of("stage", "fetch"))).isEqualTo(1);
        assertThat(text.sum("medmoe_stage_seconds_sum", Map.of("stage", "fetch"))).isEqualTo(0.002);
        assertThat(text.sum("medmoe_study_seconds_count")).isEqualTo(2);
        assertThat(text.samples("medmoe_stage_seconds_bucket")).as("latency histograms for p99").isNotEmpty();
        // every stage is there from the start, so that rates and ratios exist before the first study
        for (PipelineStage stage : PipelineStage.values()) {
            assertThat(text.samples("medmoe_stage_seconds_count")).anySatisfy(s ->
                    assertThat(s.labels()).containsEntry("stage", stage.metricName()));
        }
    }

    @Test
    void shouldRecordBatchSizesAndQueueWaitPerBatcher() {
        metrics.batch("closed-questions", 3, 4_000_000, 9_000_000);
        metrics.batch("closed-questions", 1, 0, 2_000_000);
        metrics.batch("open-questions", 2, 1_000_000, 5_000_000);

        PrometheusText text = PrometheusText.parse(registry.scrape());
        assertThat(text.sum("medmoe_batch_size_count", Map.of("batcher", "closed-questions"))).isEqualTo(2);
        assertThat(text.sum("medmoe_batch_size_sum", Map.of("batcher", "closed-questions"))).isEqualTo(4);
        assertThat(text.sum("medmoe_batch_size_sum", Map.of("batcher", "open-questions"))).isEqualTo(2);
        assertThat(text.sum("medmoe_batch_queue_wait_seconds_sum", Map.of("batcher", "closed-questions")))
                .isEqualTo(0.004);
        assertThat(text.sum("medmoe_batch_run_seconds_count")).isEqualTo(3);
    }

    private static StudyFindings findings(StatusCode code, List<String> reasons) {
        StudyFindings f = new StudyFindings();
        f.setStudyInstanceUid("1.2.3");
        f.setStatus(new Status(code, reasons));
        f.setImages(List.of());
        return f;
    }

    private static DeadLetter letter(String stage, ReasonCode reason) {
        DeadLetter letter = new DeadLetter();
        letter.setStage(stage);
        letter.setReason(reason);
        return letter;
    }
}
