package org.medmoe.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The candidates of a {@link CandidateQuestion}, scored.
 *
 * @param logLikelihoods candidate to the summed log-probability of its tokens and EOS, in input order
 * @param probabilities candidate to the softmax of those log-likelihoods
 * @param routing expert routing of the prompt and modality probabilities
 * @param timings stage timings of the batch this request was part of
 */
public record CandidateScores(Map<String, Double> logLikelihoods, Map<String, Double> probabilities,
        Routing routing, Timings timings) {
    public CandidateScores {
        logLikelihoods = Collections.unmodifiableMap(new LinkedHashMap<>(logLikelihoods));
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /** The most probable candidate. */
    public String best() {
        return probabilities.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
