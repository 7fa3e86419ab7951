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

    /**
     * As {@link #list(StudyEvent)}, giving up with TIMEOUT at stage plan once {@code deadlineNanos}
     * ({@link System#nanoTime} scale) has passed between requests; a request under way is bounded by
     * its own timeouts. By default it lists in one go.
     */
    default List<SeriesCandidate> list(StudyEvent event, long deadlineNanos) throws AnalysisException {
        return list(event);
    }

    /** Reads one instance as Part-10 bytes; a failure here makes the findings PARTIAL. */
    byte[] read(StudyEvent event, ImageRef ref) throws AnalysisException;
}
