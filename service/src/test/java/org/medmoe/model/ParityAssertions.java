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

    /**
     * How close a runtime must come to the float32 reference: logits and log-likelihoods, probabilities,
     * and whether every generated token and expert choice must be identical.
     */
    record Tolerance(double logits, double probabilities, boolean exactTokens) {
        /** float32 graphs, and quantized ones against the dequantized reference. */
        static final Tolerance EXACT = new Tolerance(LOGIT_TOLERANCE, 1e-5, true);
        /** float16 graphs against the float32 reference. */
        static final Tolerance HALF = new Tolerance(5e-2, 2e-2, false);
    }

    /** Tokens, text, last-prompt logits (1e-4), expert choices and modality probabilities. */
    static void assertGenerationMatches(String id, GeneratedAnswer answer, JsonNode ref) {
        assertGenerationMatches(id, answer, ref, Tolerance.EXACT);
    }

    /**
     * As above within {@code tol}; without exact tokens, the first generated token must still match
     * wherever the reference's two best logits are further apart than twice the logit tolerance.
     */
    static void assertGenerationMatches(String id, GeneratedAnswer answer, JsonNode ref, Tolerance tol) {
        JsonNode logits = ref.get("prefillLastLogits");
        assertThat(answer.prefillLastLogits()).as(id + " vocabulary").hasSize(logits.size());
        for (int v = 0; v < logits.size(); v++) {
            record(Math.abs(answer.prefillLastLogits()[v] - logits.get(v).asDouble()));
            assertThat((double) answer.prefillLastLogits()[v]).as(id + " logit " + v)
                    .isCloseTo(logits.get(v).asDouble(), within(tol.logits()));
        }
        if (!tol.exactTokens()) {
            if (margin(logits) > 2 * tol.logits()) {
                assertThat(answer.tokens()[0]).as(id + " first token").isEqualTo(ref.get("tokens").get(0).asInt());
            }
            assertModalityMatches(id, answer.routing().modality(), ref, tol.probabilities());
            return;
        }
        assertThat(answer.tokens()).as(id + " tokens").containsExactly(ints(ref.get("tokens")));
        assertThat(answer.text()).as(id + " text").isEqualTo(ref.get("text").asText());
        JsonNode experts = ref.get("expertChoices");
        assertThat(answer.routing().chosenExperts()).hasSize(experts.size());
        for (int j = 0; j < experts.size(); j++) {
            assertThat(answer.routing().chosenExperts().get(j)).as(id + " experts of MoE layer " + j)
                    .containsExactly(ints(experts.get(j)));
        }
        assertModalityMatches(id, answer.routing().modality(), ref, 1e-5);
    }

    /** Candidate log-likelihoods (1e-4) and probabilities (1e-5). */
    static void assertScoresMatch(String id, CandidateScores scores, JsonNode ref) {
        assertScoresMatch(id, scores, ref, Tolerance.EXACT);
    }

    /** Candidate log-likelihoods and probabilities within {@code tol}. */
    static void assertScoresMatch(String id, CandidateScores scores, JsonNode ref, Tolerance tol) {
        ref.get("candidateLogLikelihoods").fields().forEachRemaining(e -> assertThat(
                scores.logLikelihoods().get(e.getKey())).as(id + " log-likelihood of " + e.getKey())
                .isCloseTo(e.getValue().asDouble(), within(tol.logits())));
        ref.get("candidateProbabilities").fields().forEachRemaining(e -> assertThat(
                scores.probabilities().get(e.getKey())).as(id + " probability of " + e.getKey())
                .isCloseTo(e.getValue().asDouble(), within(tol.probabilities())));
        assertThat(scores.probabilities()).hasSize(ref.get("candidateProbabilities").size());
    }

    /** Modality probabilities (1e-5). */
    static void assertModalityMatches(String id, ModalityProbabilities modality, JsonNode ref) {
        assertModalityMatches(id, modality, ref, 1e-5);
    }

    private static void assertModalityMatches(String id, ModalityProbabilities modality, JsonNode ref, double tol) {
        ref.get("modalityProbabilities").fields().forEachRemaining(e -> assertThat(
                modality.probabilities().get(e.getKey())).as(id + " modality " + e.getKey())
                .isCloseTo(e.getValue().asDouble(), within(tol)));
        assertThat(modality.probabilities()).hasSize(ref.get("modalityProbabilities").size());
    }

    /** Difference between the two largest values. */
    private static double margin(JsonNode values) {
        double best = Double.NEGATIVE_INFINITY;
        double second = Double.NEGATIVE_INFINITY;
        for (JsonNode v : values) {
            double x = v.asDouble();
            if (x > best) {
                second = best;
                best = x;
            } else if (x > second) {
                second = x;
            }
        }
        return best - second;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
