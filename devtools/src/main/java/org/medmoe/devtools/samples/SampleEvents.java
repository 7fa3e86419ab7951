package org.medmoe.devtools.samples;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

/**
 * The study events that announce sample studies (and the user's folders in the demo): a
 * {@code file:} locator to the study's folder, source {@code demo}. Stateless.
 */
public final class SampleEvents {
    private SampleEvents() {
    }

    /**
     * The event of revision {@code revision} of study {@code uid}, whose files are under {@code folder};
     * one series and one instance per revision (the caller sets other counts).
     */
    public static StudyEvent fileEvent(String uid, long revision, String modality, Path folder, Instant now) {
        return StudyEvent.newBuilder()
                .setStudyInstanceUid(uid)
                .setRevision(revision)
                .setAccessionNumber(null)
                .setModalities(List.of(modality))
                .setSeriesCount((int) revision)
                .setInstanceCount((int) revision)
                .setStudyDate("20261125")
                .setLocator(new StudyLocator(LocatorKind.FILE, folder.toUri().toString(), null))
                .setSource("demo")
                .setEventTime(now)
                .build();
    }

    /** The event of {@code sample}'s revision, made {@code now}. */
    public static StudyEvent of(SampleStudies.Sample sample, Instant now) {
        return fileEvent(sample.studyUid(), sample.revision(), sample.dicomModality(), sample.folder(), now);
    }
}
