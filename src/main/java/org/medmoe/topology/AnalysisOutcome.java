package org.medmoe.topology;

import org.medmoe.analysis.StudyAnalyzer;
import org.medmoe.schema.DeadLetter;

/**
 * What analysis made of one accepted event ({@code input}, with its original bytes): results to
 * publish, or a dead letter (exactly one of the two is set).
 */
record AnalysisOutcome(StudyAnalyzer.Result result, DeadLetter deadLetter, IntakeOutcome input) {

    boolean isDeadLetter() {
        return deadLetter != null;
    }
}
