package org.medmoe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;

/** Comparisons of Java results with the PyTorch reference's JSON (tools/reference.py). */
final class ParityAssertions {
    static final double LOGIT_TOLERANCE = 1e-4;

    private static double maxLogitDifference;

    private ParityAssertions() {
    }

    /** The largest logit difference seen so far in this JVM (for the test log). */
    static synchronized double maxLogitDifference() {
        return maxLogitDifference;
    }

    private static synchronized void record(double difference) {
        maxLogitDifference = Math.max(maxLogitDifference, difference);
    }

    /** Tokens, text, last-prompt logits (1e-4), expert choices and modality probabilities. */
    static void assertGenerationMatches(String id, GeneratedAnswer answer, JsonNode ref) {
        assertThat(answer.tokens()).as(id + " tokens").containsExactly(ints(ref.get("tokens")));
        assertThat(answer.text()).as(id + " text").isEqualTo(ref.get("text").asText());
        JsonNode logits = ref.get("prefillLastLogits");
        assertThat(answer.prefillLastLogits()).as(id + " vocabulary").hasSize(logits.size());
        for (int v = 0; v < logits.size(); v++) {
            record(Math.abs(answer.prefillLastLogits()[v] - logits.get(v).asDouble()));
            assertThat((double) answer.prefillLastLogits()[v]).as(id + " logit " + v)
                    .isCloseTo(logits.get(v).asDouble(), within(LOGIT_TOLERANCE));
        }
        JsonNode experts = ref.get("expertChoices");
        assertThat(answer.routing().chosenExperts()).hasSize(experts.size());
        for (int j = 0; j < experts.size(); j++) {
            assertThat(answer.routing().chosenExperts().get(j)).as(id + " experts of MoE layer " + j)
                    .containsExactly(ints(experts.get(j)));
        }
        assertModalityMatches(id, answer.routing().modality(), ref);
    }

    /** Candidate log-likelihoods (1e-4) and probabilities (1e-5). */
    static void assertScoresMatch(String id, CandidateScores scores, JsonNode ref) {
        ref.get("candidateLogLikelihoods").fields().forEachRemaining(e -> assertThat(
                scores.logLikelihoods().get(e.getKey())).as(id + " log-likelihood of " + e.getKey())
                .isCloseTo(e.getValue().asDouble(), within(LOGIT_TOLERANCE)));
        ref.get("candidateProbabilities").fields().forEachRemaining(e -> assertThat(
                scores.probabilities().get(e.getKey())).as(id + " probability of " + e.getKey())
                .isCloseTo(e.getValue().asDouble(), within(1e-5)));
        assertThat(scores.probabilities()).hasSize(ref.get("candidateProbabilities").size());
    }

    /** Modality probabilities (1e-5). */
    static void assertModalityMatches(String id, ModalityProbabilities modality, JsonNode ref) {
        ref.get("modalityProbabilities").fields().forEachRemaining(e -> assertThat(
                modality.probabilities().get(e.getKey())).as(id + " modality " + e.getKey())
                .isCloseTo(e.getValue().asDouble(), within(1e-5)));
        assertThat(modality.probabilities()).hasSize(ref.get("modalityProbabilities").size());
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
