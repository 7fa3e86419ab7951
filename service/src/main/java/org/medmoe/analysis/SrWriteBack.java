package org.medmoe.analysis;

import java.util.Optional;
import org.medmoe.findings.StudyResult;
import org.medmoe.schema.StudyEvent;

/**
 * Stores a study revision's findings back to the study's PACS as a DICOM Structured Report, after
 * the findings are built. Implementations are thread-safe: stream threads call them concurrently.
 */
@FunctionalInterface
public interface SrWriteBack {

    /** Stage name of write-back failures (dead letters). */
    String STAGE = "sr-writeback";

    /** Write-back switched off: stores nothing. */
    SrWriteBack DISABLED = (event, findings) -> Optional.empty();

    /**
     * Stores the SR of {@code findings} into the study {@code event} names.
     *
     * @return the SOP Instance UID of the stored SR, or empty when nothing is stored for this study
     *         (write-back switched off, or a locator that is not DICOMweb)
     * @throws AnalysisException with stage {@link #STAGE} when the SR cannot be built or stored
     */
    Optional<String> store(StudyEvent event, StudyResult findings) throws AnalysisException;
}
