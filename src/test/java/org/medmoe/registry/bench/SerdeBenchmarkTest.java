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

        SerdeBenchmark.Figures figures = SerdeBenchmark.run(out, Duration.ofSeconds(2), 0);

        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("StudyFindings", "serialize", "deserialize", "ops/s", "MB/s");
        assertThat(figures.recordBytes()).isGreaterThan(5_000);
        assertThat(figures.serializeOpsPerSecond()).isPositive();
        assertThat(figures.deserializeOpsPerSecond()).isPositive();
        assertThat(figures.serializeMegabytesPerSecond())
                .isEqualTo(figures.serializeOpsPerSecond() * figures.recordBytes() / 1e6);
    }
}
