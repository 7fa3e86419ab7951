package org.medmoe.app.service;

import org.medmoe.analysis.AnalysisException;
import org.medmoe.analysis.StudyAnalysis;
import org.medmoe.analysis.StudyAnalyzer;
import org.medmoe.schema.StudyEvent;

/**
 * The analysis the topology is built with before the model is loaded: Kafka Streams starts paused
 * with it and is resumed only once {@link #set} has handed it the real analysis, so no record reaches
 * it before. Set once by the starting thread, then called by the stream threads; thread-safe.
 */
final class DeferredAnalysis implements StudyAnalysis {
    private volatile StudyAnalysis target;

    /** The analysis of the loaded model; called once, before Kafka Streams is resumed. */
    void set(StudyAnalysis analysis) {
        this.target = analysis;
    }

    @Override
    public StudyAnalyzer.Result analyze(StudyEvent event, Long supersedes) throws AnalysisException {
        StudyAnalysis analysis = target;
        if (analysis == null) {
            throw new IllegalStateException("a study reached the analysis before the model was loaded: Kafka Streams"
                    + " should have been paused until then");
        }
        return analysis.analyze(event, supersedes);
    }
}
