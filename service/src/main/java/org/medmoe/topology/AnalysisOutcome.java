package org.medmoe.topology;

import org.medmoe.analysis.StudyAnalyzer;
import org.medmoe.findings.FindingsMapper;
import org.medmoe.schema.DeadLetter;

/**
 * What analysis made of one accepted event ({@code input}, with its original bytes): results and the
 * records that publish them, or a dead letter (either both of the first two are set, or the third).
 */
record AnalysisOutcome(StudyAnalyzer.Result result, FindingsMapper.Records records, DeadLetter deadLetter,
        IntakeOutcome input) {

    boolean isDeadLetter() {
        return deadLetter != null;
    }
}
