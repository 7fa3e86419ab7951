package org.medmoe.dicom.sr;

import java.util.List;

/**
 * What a Structured Report says about one study revision, in the SR's own terms: the study, the
 * model as device observer, what the machine-generated statement names, and one qualitative
 * evaluation per coded finding, present or absent as already decided. It knows neither the pipeline
 * nor the published records: the caller decides and fills it in.
 *
 * @param studyInstanceUid the study reported on
 * @param revision the study revision
 * @param accessionNumber the accession number, or null
 * @param modelName the model (the device observer)
 * @param modelVersion its version
 * @param codeVersion the service's version
 * @param promptSetId the prompt set the findings come from
 * @param promptSetVersion its version (with the pipeline's)
 * @param intendedUse the intended-use statement
 * @param evaluations one per coded finding, in order
 */
public record SrContent(String studyInstanceUid, long revision, String accessionNumber, String modelName,
        String modelVersion, String codeVersion, String promptSetId, String promptSetVersion, String intendedUse,
        List<Evaluation> evaluations) {

    /** Copies the list. */
    public SrContent {
        evaluations = List.copyOf(evaluations);
    }

    /**
     * One coded finding and its evaluation.
     *
     * @param codeValue the finding's code
     * @param codingScheme its coding scheme (SCT, RADLEX, ...)
     * @param codeMeaning its meaning
     * @param present whether the finding is recorded present
     * @param answer the study's answer to the question behind it
     * @param probability the aggregated probability, or null
     * @param aggregation how the answer was aggregated over the images
     * @param imageCount images that answered
     * @param questionId the question behind it
     */
    public record Evaluation(String codeValue, String codingScheme, String codeMeaning, boolean present,
            String answer, Double probability, String aggregation, int imageCount, String questionId) {
    }
}
