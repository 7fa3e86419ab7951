package org.medmoe.app.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.medmoe.analysis.AnalysisMetrics;
import org.medmoe.analysis.PipelineStage;
import org.medmoe.model.Routing;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.StatusCode;
import org.medmoe.schema.StudyFindings;
import org.medmoe.topology.OutcomeListener;

/**
 * The service's own metrics, in Micrometer: what analysis and the topology report through their
 * plain listeners becomes meters of {@code registry} (Prometheus names in brackets):
 * <ul>
 * <li>{@code medmoe.stage} [medmoe_stage_seconds{stage}]: duration of each pipeline stage, a histogram</li>
 * <li>{@code medmoe.study} [medmoe_study_seconds{status}]: analysis time of each published study</li>
 * <li>{@code medmoe.studies} [medmoe_studies_total{status}]: studies published, COMPLETE or PARTIAL</li>
 * <li>{@code medmoe.images} [medmoe_images_total]: images in published findings</li>
 * <li>{@code medmoe.partial.findings} [medmoe_partial_findings_total]: images or answers missing from
 * PARTIAL findings (one per reason listed in their status)</li>
 * <li>{@code medmoe.dead.letters} [medmoe_dead_letters_total{stage,reason}]</li>
 * <li>{@code medmoe.batch.size}, {@code medmoe.batch.queue.wait}, {@code medmoe.batch.run}
 * [medmoe_batch_size{batcher}, medmoe_batch_queue_wait_seconds{batcher}, medmoe_batch_run_seconds{batcher}]:
 * per model batch, its size, the longest queue wait of its requests, the model call</li>
 * <li>{@code medmoe.expert.tokens} [medmoe_expert_tokens_total{layer,expert,rank}]: positions routed
 * to each expert of each MoE layer as first (rank 1) or second (rank 2) choice</li>
 * <li>{@code medmoe.routed.tokens} [medmoe_routed_tokens_total]: positions the decoder routed</li>
 * </ul>
 * Thread-safe (Micrometer's meters are).
 */
public final class ServiceMetrics implements AnalysisMetrics, OutcomeListener {
    private static final String STAGE = "medmoe.stage";
    private final MeterRegistry registry;
    private final Counter images;
    private final Counter partialFindings;
    private final Counter routedTokens;
    private final Map<PipelineStage, Timer> stages = new EnumMap<>(PipelineStage.class);
    private final Map<StatusCode, Counter> studies = new EnumMap<>(StatusCode.class);
    private final Map<StatusCode, Timer> studyTimers = new EnumMap<>(StatusCode.class);
    private final Map<String, BatchMeters> batchers = new ConcurrentHashMap<>();
    private final Map<ExpertKey, Counter> experts = new ConcurrentHashMap<>();
    private final LongAdder deadLetters = new LongAdder();

    ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.images = Counter.builder("medmoe.images").description("Images in published findings")
                .register(registry);
        this.partialFindings = Counter.builder("medmoe.partial.findings")
                .description("Images or answers missing from PARTIAL findings").register(registry);
        this.routedTokens = Counter.builder("medmoe.routed.tokens")
                .description("Positions the decoder routed to experts").register(registry);
        // Meters are registered once and kept: a registry lookup per record builds and hashes their tags.
        for (PipelineStage stage : PipelineStage.values()) {
            stages.put(stage, stageTimer(stage.metricName()));
        }
        for (StatusCode status : StatusCode.values()) {
            studies.put(status, studies(status.name()));
            studyTimers.put(status, studyTimer(status.name()));
        }
    }

    /** The meters of one batcher, registered on its first batch. */
    private record BatchMeters(DistributionSummary size, Timer queueWait, Timer run) {
    }

    @Override
    public void stage(PipelineStage stage, long nanos) {
        stages.get(stage).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void batch(String batcher, int size, long maxQueueWaitNanos, long runNanos) {
        BatchMeters meters = batchers.computeIfAbsent(batcher, b -> new BatchMeters(
                DistributionSummary.builder("medmoe.batch.size").description("Requests per model batch (images, each with all its questions)")
                        .tag("batcher", b).serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(registry),
                latency("medmoe.batch.queue.wait", "Longest queue wait of the requests of a batch", b),
                latency("medmoe.batch.run", "Model call of a batch", b)));
        meters.size().record(size);
        meters.queueWait().record(maxQueueWaitNanos, TimeUnit.NANOSECONDS);
        meters.run().record(runNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void routed(Routing routing) {
        if (routing == null || routing.chosenExperts().isEmpty()) {
            return;
        }
        routedTokens.increment(routing.chosenExperts().get(0).length);
        count(routing.moeLayers(), routing.chosenExperts(), "1");
        count(routing.moeLayers(), routing.secondExperts(), "2");
    }

    private void count(List<Integer> layers, List<int[]> choices, String rank) {
        for (int j = 0; j < choices.size(); j++) {
            int[] perExpert = new int[1];
            for (int e : choices.get(j)) {
                if (e >= perExpert.length) {
                    perExpert = Arrays.copyOf(perExpert, e + 1);
                }
                perExpert[e]++;
            }
            for (int e = 0; e < perExpert.length; e++) {
                if (perExpert[e] > 0) {
                    expertCounter(layers.get(j), e, rank).increment(perExpert[e]);
                }
            }
        }
    }

    private record ExpertKey(int layer, int expert, String rank) {
    }

    /** Looked up once per (layer, expert, rank): the batcher's worker calls this for every request. */
    private Counter expertCounter(int layer, int expert, String rank) {
        return experts.computeIfAbsent(new ExpertKey(layer, expert, rank), k -> Counter.builder("medmoe.expert.tokens")
                .description("Positions routed to an expert").tag("layer", Integer.toString(layer))
                .tag("expert", Integer.toString(expert)).tag("rank", rank).register(registry));
    }

    @Override
    public void published(StudyFindings findings, long analysisNanos, long publishNanos) {
        StatusCode status = findings.getStatus().getCode();
        studies.get(status).increment();
        studyTimers.get(status).record(analysisNanos, TimeUnit.NANOSECONDS);
        images.increment(findings.getImages().size());
        if (findings.getStatus().getCode() == StatusCode.PARTIAL) {
            partialFindings.increment(findings.getStatus().getReasons().size());
        }
        stage(PipelineStage.PUBLISH, publishNanos);
    }

    @Override
    public void deadLettered(DeadLetter letter) {
        deadLetters.increment();
        Counter.builder("medmoe.dead.letters").description("Inputs sent to the dead-letter topic")
                .tag("stage", letter.getStage()).tag("reason", letter.getReason().name()).register(registry)
                .increment();
    }

    /** Study revisions published so far (COMPLETE or PARTIAL). */
    public long published() {
        long n = 0;
        for (Counter c : studies.values()) {
            n += (long) c.count();
        }
        return n;
    }

    /** Inputs sent to the dead-letter topic so far. */
    public long deadLettered() {
        return deadLetters.sum();
    }

    /**
     * Model batches run and the requests (images) in them, over all batchers, as counted so far.
     *
     * @param batches batches run
     * @param requests requests in them
     */
    public record Batches(long batches, long requests) {
    }

    /** Batches the model has run so far, over all batchers, and the requests in them. */
    public Batches batches() {
        long count = 0;
        double requests = 0;
        for (BatchMeters m : batchers.values()) {
            count += m.size().count();
            requests += m.size().totalAmount();
        }
        return new Batches(count, (long) requests);
    }

    private Counter studies(String status) {
        return Counter.builder("medmoe.studies").description("Study revisions whose results were published")
                .tag("status", status).register(registry);
    }

    private Timer studyTimer(String status) {
        return Timer.builder("medmoe.study").description("Analysis time of a published study revision")
                .tag("status", status).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
    }

    private Timer stageTimer(String stage) {
        return Timer.builder(STAGE).description("Duration of one run of a pipeline stage").tag("stage", stage)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofMinutes(2)).register(registry);
    }

    private Timer latency(String name, String description, String batcher) {
        return Timer.builder(name).description(description).tag("batcher", batcher).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }
}
