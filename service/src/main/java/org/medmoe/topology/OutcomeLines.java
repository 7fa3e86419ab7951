package org.medmoe.topology;

import java.util.Locale;
import java.util.Map;

/** Formatting of the numbers in outcome log lines: milliseconds with one decimal. */
final class OutcomeLines {
    private OutcomeLines() {
    }

    /** {@code plan=1.2 fetchDecode=3.4 ...} in the map's order. */
    static String timings(Map<String, Double> millis) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Double> e : millis.entrySet()) {
            out.append(out.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(format(e.getValue()));
        }
        return out.toString();
    }

    static String millis(long nanos) {
        return format(nanos / 1e6);
    }

    /** {@code ms} with one decimal, rounded half up; cheaper than {@code String.format}, called per record. */
    static String format(double ms) {
        if (!Double.isFinite(ms) || Math.abs(ms) >= 1e15) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        long tenths = Math.round(Math.abs(ms) * 10);
        String sign = ms < 0 && tenths != 0 ? "-" : "";
        return sign + tenths / 10 + "." + tenths % 10;
    }
}
