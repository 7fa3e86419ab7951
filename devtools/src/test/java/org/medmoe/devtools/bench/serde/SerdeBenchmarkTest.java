package org.medmoe.devtools.bench.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.medmoe.schema.StudyFindings;

/** The serde benchmark runs and reports figures that agree with its record and with each other (not a measurement). */
class SerdeBenchmarkTest {

    @Test
    void shouldPrintOpsPerSecondAndMegabytesPerSecondForBothDirections() throws IOException {
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
        // The record's size is Avro's binary encoding of the sample plus the wire format's 5-byte header.
        assertThat(figures.recordBytes()).isEqualTo(avroBinarySize(SampleRecords.studyFindings()) + 5);
        // Each printed line agrees with the figures returned.
        assertThat(printed).containsPattern(String.format(Locale.ROOT, "serialize +%,.0f ops/s .* %.1f MB/s",
                figures.serializeOpsPerSecond(), figures.serializeMegabytesPerSecond()));
        assertThat(printed).containsPattern(String.format(Locale.ROOT, "deserialize +%,.0f ops/s .* %.1f MB/s",
                figures.deserializeOpsPerSecond(), figures.deserializeMegabytesPerSecond()));
    }

    @Test
    void shouldGiveMegabytesAsMillionsOfBytesPerSecond() {
        // 10,000-byte records at 250,000 and 125,000 per second: 2.5 and 1.25 billion bytes a second
        SerdeBenchmark.Figures figures = new SerdeBenchmark.Figures(10_000, 250_000, 125_000);

        assertThat(figures.serializeMegabytesPerSecond()).isEqualTo(2500.0);
        assertThat(figures.deserializeMegabytesPerSecond()).isEqualTo(1250.0);
    }

    private static int avroBinarySize(StudyFindings record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(StudyFindings.class).write(record, encoder);
        encoder.flush();
        return bytes.size();
    }
}
