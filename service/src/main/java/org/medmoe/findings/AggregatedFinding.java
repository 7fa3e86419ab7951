package org.medmoe.findings;

import org.medmoe.pipeline.Pipeline;

/**
 * A question's answer for the whole study, aggregated over its images by the question's rule.
 *
 * @param questionId the question's id
 * @param finding the coded finding the question asks about, or null
 * @param answer the study's answer
 * @param probability the aggregated probability of the positive answer, or null
 * @param aggregation how it was aggregated ({@code MAX}, {@code MEAN}, {@code MOST_FREQUENT},
 *     {@code MOST_LIKELY_<question>})
 * @param imageCount images that answered the question
 */
public record AggregatedFinding(String questionId, Pipeline.Code finding, String answer, Double probability,
        String aggregation, int imageCount) {
}
