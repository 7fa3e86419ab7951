package org.medmoe.model;

/**
 * Wall-clock milliseconds of one request's stages. In a batch every request reports the batch's
 * times (the stages ran once for all of them).
 *
 * @param visionMs vision encoder
 * @param prefillMs embedding and decoder prefill of the prompt
 * @param decodeMs greedy decoding or candidate scoring after the prefill
 * @param decodeSteps decoder runs after the prefill
 * @param batchSize requests that shared these runs
 */
public record Timings(double visionMs, double prefillMs, double decodeMs, int decodeSteps, int batchSize) {
    /** Milliseconds per decoding step (0 when there was none). */
    public double decodePerStepMs() {
        return decodeSteps == 0 ? 0 : decodeMs / decodeSteps;
    }
}
