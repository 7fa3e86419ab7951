package org.medmoe.devtools.bench.pipeline;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.medmoe.devtools.embedded.EmbeddedKafka;
import org.medmoe.devtools.embedded.EmbeddedRegistry;

/**
 * {@code medmoe bench pipeline}: sample studies through the embedded stack (broker, registry,
 * topology, DICOM, model) against the same questions on the same images asked of the model alone,
 * for each batch size: studies per second and the overhead ratio pipeline time / model time.
 *
 * <p>Both sides run with the same concurrency: the service with {@code threads} stream threads and as
 * many partitions ({@link PipelineSide}), the model alone with as many studies in flight
 * ({@link ModelAloneSide}). For each batch size both sides are opened and kept open, warmed up with
 * the same studies until the JIT compiler has settled ({@link WarmUp}), then measured in
 * {@code rounds} rounds: in each, both sides run the same new studies, one window each, the side that
 * goes first alternating. The overhead of a round compares two windows taken one after the other, so
 * a slow spell of a shared machine touches both; the figures are the medians over the rounds.
 */
public final class PipelineBenchmark {
    private static final Duration REGISTRY_START = Duration.ofMinutes(2);

    private final PrintStream out;
    private final Path modelDir;
    private final Plan plan;
    private final Map<String, String> settings;

    /**
     * What to run for each batch size.
     *
     * @param studies studies in each window
     * @param rounds measured rounds (a window on each side)
     * @param warmup studies to warm up with at least (0: none, unless the compiler is still busy)
     * @param warmupMax studies to warm up with at most
     * @param threads stream threads and partitions of the service, and studies in flight on the model alone
     * @param breakdown whether to print the CPU per study of each group of Java threads
     */
    public record Plan(int studies, int rounds, int warmup, int warmupMax, int threads, boolean breakdown) {
        public Plan {
            if (studies < 1 || rounds < 1 || threads < 1) {
                throw new IllegalArgumentException("--studies, --rounds and --threads must be at least 1 (were "
                        + studies + ", " + rounds + ", " + threads + ")");
            }
            WarmUp.checkBounds(warmup, warmupMax);
        }
    }

    /** @param settings service settings for the pipeline; the model's ones apply to the model alone too */
    public PipelineBenchmark(PrintStream out, Path modelDir, Plan plan, Map<String, String> settings) {
        this.out = out;
        this.modelDir = modelDir;
        this.plan = plan;
        this.settings = Map.copyOf(settings);
    }

    public void run(List<Integer> batchSizes) throws Exception {
        try (BenchSamples samples = new BenchSamples(modelDir);
                EmbeddedKafka kafka = EmbeddedKafka.start(out);
                EmbeddedRegistry registry = EmbeddedRegistry.start(Path.of(System.getProperty(
                        EmbeddedRegistry.HOME_PROPERTY, EmbeddedRegistry.DEFAULT_HOME)), out, REGISTRY_START)) {
            out.printf(Locale.ROOT, "pipeline benchmark: for each batch size, a warm-up of %d to %d studies (until the "
                    + "JIT compiler takes at most %.0f%% of the CPU on both sides %d rounds in a row), then %d round(s) "
                    + "of %d studies on each side (1 image, 3 questions each); %d stream thread(s) and partition(s) "
                    + "against %d studies in flight on the model alone; model %s, %d CPUs, Java %s%n", plan.warmup(),
                    plan.warmupMax(), WarmUp.SETTLED_JIT_SHARE * 100, WarmUp.QUIET_ROUNDS, plan.rounds(),
                    plan.studies(), plan.threads(), plan.threads(), modelDir.getFileName(),
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            List<BenchRow> rows = new ArrayList<>();
            for (int batch : batchSizes) {
                try (BenchSide model = new ModelAloneSide(modelDir, settings, plan.threads(), batch);
                        PipelineSide pipeline = new PipelineSide(modelDir, settings, plan.threads(), batch, kafka,
                                registry, samples.root().resolve("state-" + batch))) {
                    warmUp(batch, samples, model, pipeline);
                    rows.add(measure(batch, samples, model, pipeline));
                }
            }
            out.println(BenchRow.HEADER);
            rows.forEach(row -> out.println(row.line()));
            out.println("overhead: median over the rounds of pipeline time / model time - 1, the pipeline's window "
                    + "ending when the service has published its last study's results (range: lowest and highest "
                    + "round). to readable: the same, the window ending when the last findings could be read "
                    + "(read_committed), after the stream threads' next commit: the commit interval's latency, shared "
                    + "by the window's studies. s/st, cpu and jit: medians. cpu: CPU seconds per study of this JVM "
                    + "(service, broker, model) over the window; on a shared machine it varies less than the wall "
                    + "time. jit: of that, the JIT compiler threads'");
        }
    }

    private void warmUp(int batch, BenchSamples samples, BenchSide model, BenchSide pipeline) throws Exception {
        WarmUp warmUp = new WarmUp(plan.warmup(), plan.warmupMax());
        for (int count = warmUp.nextRound(); count > 0; count = warmUp.nextRound()) {
            BenchSamples.Set set = samples.next(count);
            WindowMeasure p = pipeline.measure(set.samples());
            WindowMeasure m = model.measure(set.samples());
            samples.release(set);
            warmUp.record(count, p, m);
            out.printf(Locale.ROOT, "batch %d warm-up: %d studies, %.1f studies/s; the JIT compiler took %.1f%% of "
                    + "the CPU on the pipeline side, %.1f%% on the model side%n", batch, warmUp.studies(),
                    1 / p.wall(), p.jitShare() * 100, m.jitShare() * 100);
        }
        out.printf(Locale.ROOT, "batch %d: warmed up with %d studies on each side; %s%n", batch, warmUp.studies(),
                warmUp.studies() == 0 ? "no warm-up"
                        : String.format(Locale.ROOT, "the JIT compiler took %.1f%% of the CPU in the last round%s",
                                warmUp.lastShare() * 100, warmUp.settled() ? "" : " (not settled: maximum reached)"));
    }

    private BenchRow measure(int batch, BenchSamples samples, BenchSide model, PipelineSide pipeline) throws Exception {
        List<WindowMeasure> pipelines = new ArrayList<>();
        List<WindowMeasure> models = new ArrayList<>();
        List<Double> commitWaits = new ArrayList<>();
        for (int round = 1; round <= plan.rounds(); round++) {
            BenchSamples.Set set = samples.next(plan.studies());
            boolean modelFirst = round % 2 == 1;
            WindowMeasure first = (modelFirst ? model : pipeline).measure(set.samples());
            WindowMeasure second = (modelFirst ? pipeline : model).measure(set.samples());
            samples.release(set);
            WindowMeasure p = modelFirst ? second : first;
            WindowMeasure m = modelFirst ? first : second;
            pipelines.add(p);
            models.add(m);
            commitWaits.add(pipeline.lastCommitWait().toNanos() / 1e9);
            out.printf(Locale.ROOT, "batch %d round %d (%s first): pipeline %.4f s/study (batches of %.2f images; "
                    + "findings readable %.2f s after the window), model %.4f s/study (batches of %.2f), overhead "
                    + "%.1f%%%n", batch, round, modelFirst ? "model" : "pipeline", p.wall(), p.meanBatch(),
                    pipeline.lastCommitWait().toMillis() / 1000.0, m.wall(), m.meanBatch(),
                    (p.wall() / m.wall() - 1) * 100);
        }
        if (plan.breakdown()) {
            printThreads(batch, "model", models);
            printThreads(batch, "pipeline", pipelines);
        }
        return BenchRow.of(batch, pipelines, models, commitWaits);
    }

    /** The CPU seconds per study of each group of Java threads, averaged over the rounds. */
    private void printThreads(int batch, String side, List<WindowMeasure> windows) {
        Map<String, Double> mean = new TreeMap<>();
        double cpu = 0;
        double jit = 0;
        for (WindowMeasure w : windows) {
            w.threads().forEach((group, seconds) -> mean.merge(group, seconds / windows.size(), Double::sum));
            cpu += w.cpu() / windows.size();
            jit += w.jit() / windows.size();
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "batch %d %s, CPU seconds per study by thread group:", batch, side));
        double java = 0;
        for (Map.Entry<String, Double> e : mean.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
            java += e.getValue();
            if (e.getValue() >= 0.00005) {
                line.append(String.format(Locale.ROOT, "%n  %-60s %.4f", e.getKey(), e.getValue()));
            }
        }
        line.append(String.format(Locale.ROOT, "%n  %-60s %.4f", "JIT compiler", jit));
        line.append(String.format(Locale.ROOT, "%n  %-60s %.4f", "native threads (ONNX Runtime pools, GC) and the rest",
                cpu - java - jit));
        out.println(line);
    }
}
