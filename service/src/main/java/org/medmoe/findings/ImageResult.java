package org.medmoe.findings;

import java.util.List;
import java.util.Map;

/**
 * What the model saw in one frame of one image.
 *
 * @param sopInstanceUid the instance
 * @param seriesInstanceUid its series
 * @param frame the frame, 1-based
 * @param dicomModality the instance's DICOM modality
 * @param modalityScores the router's modality probabilities, by label, in the model's label order
 * @param answers one answer per question of the prompt set, in its order
 * @param routing expert routing per MoE layer
 * @param timingsMillis time per stage (fetch, decode, model)
 */
public record ImageResult(String sopInstanceUid, String seriesInstanceUid, int frame, String dicomModality,
        Map<String, Double> modalityScores, List<ImageAnswer> answers, List<LayerRouting> routing,
        Map<String, Double> timingsMillis) {

    /** Copies the lists. */
    public ImageResult {
        answers = List.copyOf(answers);
        routing = List.copyOf(routing);
    }

    /** The answer to question {@code questionId}, or null. */
    public ImageAnswer answer(String questionId) {
        return answers.stream().filter(a -> a.questionId().equals(questionId)).findFirst().orElse(null);
    }

    /**
     * The routing of one MoE layer.
     *
     * @param layer the decoder layer
     * @param expertShares the share of routed positions per expert
     * @param tokens positions routed
     */
    public record LayerRouting(int layer, List<Double> expertShares, int tokens) {
    }
}
