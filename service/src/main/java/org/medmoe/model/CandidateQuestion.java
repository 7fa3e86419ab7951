package org.medmoe.model;

import java.util.HashSet;
import java.util.List;
import org.medmoe.imaging.PixelTensor;

/**
 * A closed question about one image, answered by scoring each candidate answer.
 *
 * @param image the pre-processed image
 * @param text the question
 * @param candidates distinct, non-blank candidate answers (at least one)
 */
public record CandidateQuestion(PixelTensor image, String text, List<String> candidates) {
    public CandidateQuestion {
        if (image == null) {
            throw new InvalidInputException("the question has no image");
        }
        if (candidates == null || candidates.isEmpty()) {
            throw new InvalidInputException("the candidate list is empty: give at least one candidate answer");
        }
        if (candidates.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new InvalidInputException("a candidate answer is blank: " + candidates);
        }
        if (new HashSet<>(candidates).size() != candidates.size()) {
            throw new InvalidInputException("the candidate answers are not distinct: " + candidates);
        }
        candidates = List.copyOf(candidates);
    }
}
