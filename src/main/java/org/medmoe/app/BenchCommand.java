package org.medmoe.app;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.medmoe.registry.bench.SerdeBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code medmoe bench}: benchmarks that print figures. */
@Command(name = "bench", description = "Run a benchmark and print its figures.",
        subcommands = {BenchCommand.Serde.class})
final class BenchCommand {

    /** {@code medmoe bench serde}: Avro wire-format serializer and deserializer throughput (JMH). */
    @Command(name = "serde", description = "Serializer and deserializer throughput for a realistic StudyFindings record.")
    static final class Serde implements Callable<Integer> {
        @Option(names = "--budget", defaultValue = "PT40S",
                description = "Rough time budget for the measurement (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration budget;

        @Override
        public Integer call() {
            SerdeBenchmark.run(System.out, budget);
            return 0;
        }
    }
}
