package org.medmoe.topology;

import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.StudyFindings;

/**
 * What became of the records the topology processed, for metrics: results published for a study
 * revision, or a dead letter (from any stage). Called on stream threads, once per outcome, before
 * the transaction commits (a record processed again after a failure is reported again). Must be
 * thread-safe and quick. Every method does nothing by default.
 */
public interface OutcomeListener {
    /** Reports nothing. */
    OutcomeListener NONE = new OutcomeListener() {
    };

    /**
     * The results of a study revision were handed to the output topics.
     *
     * @param analysisNanos how long the analysis of the study took
     * @param publishNanos how long handing the results to the output topics took
     */
    default void published(StudyFindings findings, long analysisNanos, long publishNanos) {
    }

    /** An input was sent to the dead-letter topic. */
    default void deadLettered(DeadLetter letter) {
    }
}
