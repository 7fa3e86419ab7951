package org.medmoe.devtools.bench.model;

/**
 * Median stage times of one engine at one batch size.
 *
 * @param visionMs vision encoder
 * @param prefillMs prompt prefill
 * @param decodePerTokenMs one decoding step for the whole batch
 * @param answersPerSecond batch / (vision + prefill + newTokens x decode step)
 */
record StageTimes(double visionMs, double prefillMs, double decodePerTokenMs, double answersPerSecond) {
    static StageTimes of(double visionMs, double prefillMs, double decodePerTokenMs, int batch, int newTokens) {
        double totalMs = visionMs + prefillMs + newTokens * decodePerTokenMs;
        return new StageTimes(visionMs, prefillMs, decodePerTokenMs, batch / (totalMs / 1e3));
    }
}
