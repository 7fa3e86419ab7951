package org.medmoe.model;

import java.util.List;

/**
 * The answers of one {@link MedMoeModel#answer} call, in the order of its questions.
 *
 * @param closed candidate scores of each closed question
 * @param open generated answer of each open question
 */
public record SharedAnswers(List<CandidateScores> closed, List<GeneratedAnswer> open) {
    public SharedAnswers {
        closed = List.copyOf(closed);
        open = List.copyOf(open);
    }
}
