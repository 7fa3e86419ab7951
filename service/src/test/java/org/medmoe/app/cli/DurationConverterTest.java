package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Duration options take plain milliseconds, a number with a unit, or ISO-8601. */
class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void shouldReadPlainMillisecondsAsTheConfigurationKeysDo() {
        assertThat(converter.convert("180000")).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void shouldReadANumberWithAUnitAndIso8601() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(converter.convert("PT3M")).isEqualTo(Duration.ofMinutes(3));
        assertThat(converter.convert("pt40s")).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void shouldSayWhatADurationLooksLike() {
        assertThatThrownBy(() -> converter.convert("three minutes")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'three minutes' is not a duration").hasMessageContaining("180000");
    }
}
