package org.medmoe.devtools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.medmoe.app.cli.ModelLocator;
import org.medmoe.devtools.bench.dicom.DicomBenchmark;
import org.medmoe.devtools.bench.pipeline.PipelineBenchmark;
import org.medmoe.devtools.bench.serde.SerdeBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code medmoe bench}: benchmarks that print figures. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark and print its figures.",
        subcommands = {BenchCommand.Serde.class, BenchCommand.Dicom.class, BenchModelCommand.class,
            BenchCommand.PipelineBench.class})
public final class BenchCommand {

    /** {@code medmoe bench serde}: Avro wire-format serializer and deserializer throughput (JMH). */
    @Command(name = "serde", mixinStandardHelpOptions = true, description = "Serializer and deserializer throughput for a realistic StudyFindings record.")
    static final class Serde implements Callable<Integer> {
        @Option(names = "--budget", defaultValue = "PT40S",
                description = "Rough time budget for the measurement: milliseconds, 40s or ISO-8601 (default ${DEFAULT-VALUE}).")
        Duration budget;

        @Override
        public Integer call() {
            SerdeBenchmark.run(System.out, budget);
            return 0;
        }
    }

    /** {@code medmoe bench dicom}: decode + pre-process throughput against pydicom + numpy on the same files. */
    @Command(name = "dicom", mixinStandardHelpOptions = true, description = "Decode + pre-process throughput (images/s, MB/s) against pydicom+numpy on the same files.")
    static final class Dicom implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH", arity = "0..*",
                description = "DICOM files or folders (default: the test files of Debian's python3-pydicom).")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--seconds", defaultValue = "3", description = "Seconds per measured round (default ${DEFAULT-VALUE}).")
        double seconds;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (!(seconds > 0)) {
                throw new ParameterException(spec.commandLine(), "--seconds must be more than 0, got " + seconds);
            }
            List<Path> files = new ArrayList<>();
            for (Path p : paths.isEmpty() ? pydicomTestFiles() : paths) {
                if (!Files.exists(p)) {
                    throw new ParameterException(spec.commandLine(), "no such file or folder: " + p);
                }
                if (Files.isDirectory(p)) {
                    try (Stream<Path> walk = Files.walk(p)) {
                        walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                    }
                } else {
                    files.add(p);
                }
            }
            if (files.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "no DICOM files: name some, or install python3-pydicom for its test files");
            }
            Path script = Path.of(System.getProperty("medmoe.home", ".")).resolve("tools/dicom/bench_pydicom.py");
            DicomBenchmark.run(System.out, files, script, seconds);
            return 0;
        }

        private static List<Path> pydicomTestFiles() throws IOException, InterruptedException {
            Process p = new ProcessBuilder("dpkg", "-L", "python3-pydicom").redirectErrorStream(true).start();
            List<Path> out = new ArrayList<>();
            try (var lines = p.inputReader().lines()) {
                lines.filter(l -> l.endsWith(".dcm")).map(Path::of).filter(Files::isRegularFile).forEach(out::add);
            }
            p.waitFor();
            return out;
        }
    }

    /** {@code medmoe bench pipeline}: studies through the embedded stack against the model alone. */
    @Command(name = "pipeline", mixinStandardHelpOptions = true, description = "Studies per second through the embedded stack, and the overhead ratio "
            + "pipeline time / model time per study, for each batch size.")
    static final class PipelineBench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--studies", defaultValue = "500",
                description = "Studies in each measured window (default ${DEFAULT-VALUE}).")
        int studies;

        @Option(names = "--rounds", defaultValue = "5", description = "Measured rounds per batch size, each a window "
                + "on both sides; the figures are medians (default ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--batch", defaultValue = "1,8", split = ",", description = "Batch sizes (default ${DEFAULT-VALUE}).")
        List<Integer> batches;

        @Option(names = "--warmup", defaultValue = "5000", description = "Studies each side runs at least before the "
                + "rounds, so both are compiled; it goes on until the JIT compiler has settled "
                + "(default ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--warmup-max", defaultValue = "30000", description = "Studies each side runs at most before "
                + "the rounds, settled or not (default ${DEFAULT-VALUE}).")
        int warmupMax;

        @Option(names = "--breakdown", description = "Also print the CPU seconds per study of each group of threads.")
        boolean breakdown;

        @Option(names = "--threads", defaultValue = "3", description = "Stream threads and partitions of the service, "
                + "and studies in flight on the model alone (default ${DEFAULT-VALUE}, the service's own default).")
        int threads;

        @Option(names = "--model", paramLabel = "DIR", description = "Model directory (default: the bundled tiny model).")
        Path model;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A service setting for the pipeline runs "
                + "(repeatable), e.g. kafka.commit.interval.ms=100; the model.* settings (model.intra.op.threads, "
                + "model.batch.max.wait.ms, ...) apply to the model alone too.")
        Map<String, String> settings = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            PipelineBenchmark.Plan plan;
            try {
                plan = new PipelineBenchmark.Plan(studies, rounds, warmup, warmupMax, threads, breakdown);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            new PipelineBenchmark(System.out, ModelLocator.modelDir(model), plan, settings).run(batches);
            return 0;
        }
    }
}
