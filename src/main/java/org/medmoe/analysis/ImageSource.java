package org.medmoe.analysis;

import java.util.List;
import org.medmoe.schema.StudyEvent;

/**
 * Where a study's instances come from (a DICOMweb service, a folder). Implementations are
 * thread-safe.
 */
public interface ImageSource {

    /** Lists the study's series and their instances; a failure here fails the whole study. */
    List<SeriesCandidate> list(StudyEvent event) throws AnalysisException;

    /** Reads one instance as Part-10 bytes; a failure here makes the findings PARTIAL. */
    byte[] read(StudyEvent event, ImageRef ref) throws AnalysisException;
}
