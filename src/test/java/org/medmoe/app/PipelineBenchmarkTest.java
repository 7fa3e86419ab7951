package org.medmoe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code medmoe bench pipeline}: warm-up studies, matched stream threads and one row per batch size. */
@Tag("integration")
class PipelineBenchmarkTest {

    @Test
    void shouldPrintOneRowPerBatchSizeAfterWarmingUpWithTwoStreamThreads() throws Exception {
        // Given a short benchmark: 3 studies after 2 warm-up studies, 2 stream threads and partitions
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PipelineBenchmark bench = new PipelineBenchmark(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                AnalysisWiring.home().resolve("models/tiny"), new PipelineBenchmark.Plan(3, 2, 2), Map.of());
        // When it runs at batch sizes 1 and 2
        bench.run(List.of(1, 2));
        // Then the header names the warm-up and the threads, and each batch size has a row of figures
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("3 studies after 2 warm-up studies").contains("2 stream thread(s) and partition(s)");
        assertThat(out.lines().filter(l -> l.matches("[12]\\s+\\d+\\.\\d{4}\\s+\\d+\\.\\d{4}\\s+.*%.*"))).hasSize(2);
    }

    @Test
    void shouldRefuseNoStreamThreads() {
        // Given the command with --threads 0
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new MedMoeCommand());
        cli.setErr(new PrintWriter(err, true));
        // When it runs, Then it is a usage error naming the option
        assertThat(cli.execute("bench", "pipeline", "--threads", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--threads must be at least 1");
    }
}
