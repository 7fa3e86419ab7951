package org.medmoe.registry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The serde benchmark runs and reports its figures (a smoke test, not a measurement). */
class SerdeBenchmarkTest {

    @Test
    void shouldPrintOpsPerSecondAndMegabytesPerSecondForBothDirections() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        // A smoke test may overlap a benchmark of another build on the same machine: skip JMH's lock.
        String previous = System.setProperty("jmh.ignoreLock", "true");
        SerdeBenchmark.Figures figures;
        try {
            figures = SerdeBenchmark.run(out, Duration.ofSeconds(2), 0);
        } finally {
            if (previous == null) {
                System.clearProperty("jmh.ignoreLock");
            } else {
                System.setProperty("jmh.ignoreLock", previous);
            }
        }

        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("StudyFindings", "serialize", "deserialize", "ops/s", "MB/s");
        assertThat(figures.recordBytes()).isGreaterThan(5_000);
        assertThat(figures.serializeOpsPerSecond()).isPositive();
        assertThat(figures.deserializeOpsPerSecond()).isPositive();
        assertThat(figures.serializeMegabytesPerSecond())
                .isEqualTo(figures.serializeOpsPerSecond() * figures.recordBytes() / 1e6);
    }
}
