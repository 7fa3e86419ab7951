package org.medmoe.model;

/**
 * The answer to a {@link Question}.
 *
 * @param text decoded answer, EOS removed, trimmed
 * @param tokens generated token ids (EOS included when reached)
 * @param stoppedAtEos true when generation ended at EOS, false when it hit the cap
 * @param prefillLastLogits logits at the last prompt position (the first answer token's distribution)
 * @param routing expert routing and modality probabilities
 * @param timings stage timings of the batch this answer was part of
 */
public record GeneratedAnswer(String text, int[] tokens, boolean stoppedAtEos, float[] prefillLastLogits,
        Routing routing, Timings timings) {
}
