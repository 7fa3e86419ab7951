package org.medmoe.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Outcome lines write milliseconds with one decimal, in the map's order. */
class OutcomeLinesTest {

    @Test
    void shouldWriteTimingsWithOneDecimalInOrder() {
        // Given stage timings
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("plan", 0.04);
        timings.put("fetchDecode", 7.25);
        timings.put("model", 56.649);
        timings.put("total", 1234.96);
        // When they are written, Then each has one decimal, rounded half up
        assertThat(OutcomeLines.timings(timings)).isEqualTo("plan=0.0 fetchDecode=7.3 model=56.6 total=1235.0");
        assertThat(OutcomeLines.timings(Map.of())).isEmpty();
        assertThat(OutcomeLines.millis(1_950_000)).isEqualTo("2.0");
        assertThat(OutcomeLines.format(Double.NaN)).isEqualTo("NaN");
    }
}
