package org.medmoe.analysis;

import org.medmoe.schema.StudyEvent;

/** Analyses one study revision; {@link StudyAnalyzer} is the implementation, tests may fake it. */
@FunctionalInterface
public interface StudyAnalysis {

    /**
     * @param supersedes the revision of the study published before, or null
     * @throws AnalysisException nothing can be published for the study (a dead letter)
     */
    StudyAnalyzer.Result analyze(StudyEvent event, Long supersedes) throws AnalysisException;
}
