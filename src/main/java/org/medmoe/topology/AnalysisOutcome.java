package org.medmoe.topology;

import org.medmoe.analysis.StudyAnalyzer;
import org.medmoe.schema.DeadLetter;

/** What analysis made of one accepted event: results to publish, or a dead letter (exactly one is set). */
record AnalysisOutcome(StudyAnalyzer.Result result, DeadLetter deadLetter) {

    boolean isDeadLetter() {
        return deadLetter != null;
    }
}
