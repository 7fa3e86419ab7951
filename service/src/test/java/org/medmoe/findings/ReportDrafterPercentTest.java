package org.medmoe.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Probabilities in report sentences read as {@code String.format("%.0f%%")} writes them. */
class ReportDrafterPercentTest {

    @Test
    void shouldWriteProbabilitiesAsTheFormatterDoes() {
        // Given probabilities at half percents, at the ends and at random
        Random random = new Random(7);
        double[] values = new double[200_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 1001 ? i / 1000.0 : i < 2002 ? (i - 1001) / 1000.0 + 0.005 : random.nextDouble();
        }
        // When each is written, Then it is the formatter's text
        for (double p : values) {
            assertThat(ReportDrafter.percent(p)).as("p=%s", p).isEqualTo(String.format(Locale.ROOT, "%.0f%%", p * 100));
        }
        assertThat(ReportDrafter.percent(Double.NaN)).isEqualTo("NaN%");
        assertThat(ReportDrafter.percent(-0.004)).isEqualTo(String.format(Locale.ROOT, "%.0f%%", -0.4));
    }
}
