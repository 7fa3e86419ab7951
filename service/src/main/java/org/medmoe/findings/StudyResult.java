package org.medmoe.findings;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The analysis of one study revision, as plain values: the study it is about, what the model saw per
 * image, the findings aggregated over the study, and what produced them. {@link FindingsMapper}
 * turns it into the published record.
 *
 * @param studyInstanceUid the study
 * @param revision its revision
 * @param supersedes the revision published before, or null
 * @param accessionNumber the accession number, or null
 * @param modalities the study's modalities, as its event lists them
 * @param orderPriority the order's priority, or null
 * @param eventTime when the study's event was produced
 * @param partialReasons why images or answers are missing (empty: the results are complete)
 * @param images per analysed image
 * @param findings per question, aggregated over the images
 * @param modalityScores the router's modality probabilities averaged over the images
 * @param provenance what produced the results
 * @param timingsMillis time per stage of the analysis
 * @param producedAt when the results were made
 */
public record StudyResult(String studyInstanceUid, long revision, Long supersedes, String accessionNumber,
        List<String> modalities, String orderPriority, Instant eventTime, List<String> partialReasons,
        List<ImageResult> images, List<AggregatedFinding> findings, Map<String, Double> modalityScores,
        ModelProvenance provenance, Map<String, Double> timingsMillis, Instant producedAt) {

    /** Copies the lists. */
    public StudyResult {
        modalities = List.copyOf(modalities);
        partialReasons = List.copyOf(partialReasons);
        images = List.copyOf(images);
        findings = List.copyOf(findings);
    }

    /** This result with {@code timings} as its stage times. */
    public StudyResult withTimings(Map<String, Double> timings) {
        return new StudyResult(studyInstanceUid, revision, supersedes, accessionNumber, modalities, orderPriority,
                eventTime, partialReasons, images, findings, modalityScores, provenance, timings, producedAt);
    }

    /** True when every image and question was answered. */
    public boolean complete() {
        return partialReasons.isEmpty();
    }

    /** The aggregated finding of question {@code questionId}, or null. */
    public AggregatedFinding finding(String questionId) {
        return findings.stream().filter(f -> f.questionId().equals(questionId)).findFirst().orElse(null);
    }
}
