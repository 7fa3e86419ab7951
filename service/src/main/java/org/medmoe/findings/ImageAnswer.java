package org.medmoe.findings;

import java.util.Map;
import org.medmoe.pipeline.Pipeline;

/**
 * The model's answer to one question about one image.
 *
 * @param questionId the question's id in its prompt set
 * @param question the question's text
 * @param closed true for a closed question (candidates scored), false for an open one (text generated)
 * @param answer the most probable candidate, or the generated text
 * @param candidates each candidate's probability, in the prompt set's order (empty for an open question)
 * @param finding the coded finding the positive answer means, or null
 * @param findingProbability the probability of the positive answer, or null when there is none
 * @param generatedTokens tokens generated (0 for a closed question)
 * @param truncated whether generation stopped at its cap rather than at the end of the answer
 */
public record ImageAnswer(String questionId, String question, boolean closed, String answer,
        Map<String, Double> candidates, Pipeline.Code finding, Double findingProbability, int generatedTokens,
        boolean truncated) {

    /** The probability of {@code candidate} (0 when it was not scored). */
    public double probability(String candidate) {
        return candidates.getOrDefault(candidate, 0.0);
    }
}
