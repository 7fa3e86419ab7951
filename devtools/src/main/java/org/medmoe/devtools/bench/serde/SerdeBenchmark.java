package org.medmoe.devtools.bench.serde;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.medmoe.registry.AvroSerdes;
import org.medmoe.registry.InMemorySchemaRegistry;
import org.medmoe.schema.StudyFindings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Throughput of the wire-format serdes for a realistic {@link StudyFindings} (8 images x 6 answers,
 * 12 MoE layers of routing), on the hot path: the schema id and the resolver are cached after the
 * first record, so no registry call is measured. {@link #run} is what {@code medmoe bench serde}
 * calls; the JMH methods can also be run by JMH directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerdeBenchmark {
    private static final String TOPIC = "medmoe.findings";
    private static final int WARMUP_ITERATIONS = 3;
    private static final int MEASUREMENT_ITERATIONS = 6;

    private InMemorySchemaRegistry registry;
    private Serializer<StudyFindings> serializer;
    private Deserializer<StudyFindings> deserializer;
    private StudyFindings findings;
    private byte[] bytes;

    /** Builds the serde and warms its caches with one round trip. */
    @Setup(Level.Trial)
    public void setUp() {
        registry = new InMemorySchemaRegistry();
        Serde<StudyFindings> serde = AvroSerdes.value(StudyFindings.class, registry);
        serializer = serde.serializer();
        deserializer = serde.deserializer();
        findings = SampleRecords.studyFindings();
        bytes = serializer.serialize(TOPIC, findings);
        deserializer.deserialize(TOPIC, bytes);
    }

    /** Releases the registry. */
    @TearDown(Level.Trial)
    public void tearDown() {
        registry.close();
    }

    /** One record to wire-format bytes. */
    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(TOPIC, findings);
    }

    /** Wire-format bytes to one record. */
    @Benchmark
    public StudyFindings deserialize() {
        return deserializer.deserialize(TOPIC, bytes);
    }

    /** Size in bytes of the benchmark's record in the wire format. */
    public static int recordSize() {
        SerdeBenchmark b = new SerdeBenchmark();
        b.setUp();
        try {
            return b.bytes.length;
        } finally {
            b.tearDown();
        }
    }

    /**
     * Runs both benchmarks within about {@code budget} (in a forked JVM) and prints ops/s and MB/s.
     *
     * @return the printed figures, one per benchmark
     */
    public static Figures run(PrintStream out, Duration budget) {
        return run(out, budget, 1);
    }

    /** As {@link #run(PrintStream, Duration)}, with {@code forks} = 0 running in this JVM. */
    public static Figures run(PrintStream out, Duration budget, int forks) {
        int size = recordSize();
        long perBenchmarkMillis = Math.max(900, budget.toMillis() / 2 - (forks > 0 ? 700 : 0));
        long warmup = perBenchmarkMillis * 2 / 5 / WARMUP_ITERATIONS;
        long measure = perBenchmarkMillis * 3 / 5 / MEASUREMENT_ITERATIONS;
        Options options = new OptionsBuilder()
                .include(SerdeBenchmark.class.getName() + "\\.")
                .forks(forks)
                .threads(1)
                .warmupIterations(WARMUP_ITERATIONS).warmupTime(TimeValue.milliseconds(Math.max(100, warmup)))
                .measurementIterations(MEASUREMENT_ITERATIONS).measurementTime(TimeValue.milliseconds(Math.max(100, measure)))
                .verbosity(VerboseMode.SILENT)
                .build();
        out.printf(Locale.ROOT, "serde benchmark: StudyFindings, 8 images x 6 answers x 12 MoE layers, %d bytes"
                + " in the wire format; Java %s, %d CPUs%n", size, Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("serde benchmark failed: " + e.getMessage(), e);
        }
        double serialize = 0;
        double deserialize = 0;
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            double opsPerSecond = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            if (label.endsWith(".serialize")) {
                serialize = opsPerSecond;
            } else {
                deserialize = opsPerSecond;
            }
            out.printf(Locale.ROOT, "  %-12s %,10.0f ops/s (99.9%% CI +- %,.0f)  %7.1f MB/s%n",
                    label.substring(label.lastIndexOf('.') + 1), opsPerSecond,
                    Double.isNaN(error) ? 0 : error, opsPerSecond * size / 1e6);
        }
        out.flush();
        return new Figures(size, serialize, deserialize);
    }

    /** Command-line entry: {@code SerdeBenchmark [seconds]}. */
    public static void main(String[] args) {
        run(System.out, Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 20));
    }

    /**
     * Measured figures.
     *
     * @param recordBytes           size of one record in the wire format
     * @param serializeOpsPerSecond records serialized per second, one thread
     * @param deserializeOpsPerSecond records deserialized per second, one thread
     */
    public record Figures(int recordBytes, double serializeOpsPerSecond, double deserializeOpsPerSecond) {
        /** Serializer throughput in MB/s (10^6 bytes). */
        public double serializeMegabytesPerSecond() {
            return serializeOpsPerSecond * recordBytes / 1e6;
        }

        /** Deserializer throughput in MB/s (10^6 bytes). */
        public double deserializeMegabytesPerSecond() {
            return deserializeOpsPerSecond * recordBytes / 1e6;
        }
    }
}
