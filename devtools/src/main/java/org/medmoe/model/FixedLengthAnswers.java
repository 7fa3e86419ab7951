package org.medmoe.model;

import java.util.List;

/**
 * Answers whose open questions all run to their cap, whatever token they reach: the fixed number of
 * decoding steps the model benchmarks compare with PyTorch. It lives in the tools module, in the
 * model's package, so that the service's API has no such switch. Stateless.
 */
public final class FixedLengthAnswers {
    private FixedLengthAnswers() {
    }

    /** As {@link MedMoeModel#generate(List)}, every question decoding {@code maxNewTokens} steps. */
    public static List<GeneratedAnswer> generate(MedMoeModel model, List<Question> questions) {
        return model.generate(questions, false);
    }

    /** As {@link MedMoeModel#answer(List, List)}, every open question decoding {@code maxNewTokens} steps. */
    public static SharedAnswers answer(MedMoeModel model, List<CandidateQuestion> closed, List<Question> open) {
        return model.answer(closed, open, false);
    }
}
