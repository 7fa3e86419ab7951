package org.medmoe.devtools.bench.model;

import java.util.List;

/**
 * One question of the prompt set a study benchmark asks: closed (with candidates) or open (with a
 * token cap).
 *
 * @param text the question
 * @param candidates candidate answers of a closed question, empty for an open one
 * @param maxNewTokens token cap of an open question
 */
public record StudyQuestion(String text, List<String> candidates, int maxNewTokens) {
    public StudyQuestion {
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty() && maxNewTokens < 1) {
            throw new IllegalArgumentException("an open question needs a token cap of at least 1: " + text);
        }
    }

    boolean closed() {
        return !candidates.isEmpty();
    }
}
