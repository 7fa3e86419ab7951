package org.medmoe.devtools.bench.pipeline;

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
import org.medmoe.app.service.AnalysisWiring;
import org.medmoe.devtools.DevtoolsMain;
import picocli.CommandLine;

/** {@code medmoe bench pipeline}: warm-up, rounds on both sides, matched stream threads, one row per batch size. */
@Tag("integration")
class PipelineBenchmarkTest {

    @Test
    void shouldWarmUpThenMeasureRoundsAndPrintOneRowPerBatchSize() throws Exception {
        // Given a short benchmark: 2 warm-up studies, then 2 rounds of 3 studies, 2 stream threads and partitions
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PipelineBenchmark bench = new PipelineBenchmark(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                AnalysisWiring.home().resolve("models/tiny"), new PipelineBenchmark.Plan(3, 2, 2, 2, 2, true),
                Map.of());
        // When it runs at batch sizes 1 and 2
        bench.run(List.of(1, 2));
        // Then the header names the plan, each batch size says its warm-up and its rounds (the first side
        // alternating), breaks the CPU down by thread, and has a row of figures
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("a warm-up of 2 to 2 studies").contains("2 round(s) of 3 studies on each side")
                .contains("2 stream thread(s) and partition(s) against 2 studies in flight");
        for (int batch : List.of(1, 2)) {
            assertThat(out).contains("batch " + batch + ": warmed up with 2 studies on each side")
                    .containsPattern("batch " + batch + " round 1 \\(model first\\): pipeline \\d+\\.\\d{4} s/study "
                            + "\\(batches of \\d+\\.\\d\\d images; findings readable \\d+\\.\\d\\d s after the window\\), "
                            + "model \\d+\\.\\d{4} s/study \\(batches of \\d+\\.\\d\\d\\), overhead -?\\d+\\.\\d%")
                    .contains("batch " + batch + " round 2 (pipeline first)")
                    .contains("batch " + batch + " pipeline, CPU seconds per study by thread group:")
                    .contains("batch " + batch + " model, CPU seconds per study by thread group:");
        }
        // the pipeline's stream threads and the model's batcher worker both did work in their windows
        assertThat(out).containsPattern("StreamThread-#\\s+0\\.\\d{4}").containsPattern("batcher-images\\s+0\\.\\d{4}");
        assertThat(out.lines().filter(l -> l.matches("[12]\\s+\\d+\\.\\d{4}\\s+\\d+\\.\\d{4}\\s+.*%.*\\.\\..*%.*")))
                .hasSize(2);
    }

    @Test
    void shouldRefuseNoStreamThreads() {
        assertThat(usageError("--threads", "0")).contains("--threads must be at least 1");
    }

    @Test
    void shouldRefuseNoRounds() {
        assertThat(usageError("--rounds", "0")).contains("--rounds and --threads must be at least 1");
    }

    @Test
    void shouldRefuseAWarmUpMaximumBelowItsMinimum() {
        assertThat(usageError("--warmup", "3000", "--warmup-max", "2000"))
                .contains("--warmup-max at least --warmup (were 3000 and 2000)");
    }

    /** What the command prints on its error stream for {@code args}, after checking that it is a usage error. */
    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = DevtoolsMain.commandLine();
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "bench";
        all[1] = "pipeline";
        System.arraycopy(args, 0, all, 2, args.length);
        assertThat(cli.execute(all)).isEqualTo(2);
        return err.toString();
    }
}
