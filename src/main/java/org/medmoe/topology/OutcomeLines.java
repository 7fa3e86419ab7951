package org.medmoe.topology;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Formatting of the numbers in outcome log lines: milliseconds with one decimal. */
final class OutcomeLines {
    private OutcomeLines() {
    }

    /** {@code plan=1.2 fetchDecode=3.4 ...} in the map's order. */
    static String timings(Map<String, Double> millis) {
        return millis.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    static String millis(long nanos) {
        return format(nanos / 1e6);
    }

    private static String format(double ms) {
        return String.format(Locale.ROOT, "%.1f", ms);
    }
}
