package org.medmoe.topology;

import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.MDC;

/**
 * The SLF4J MDC of one record while a processor works on it: {@code topic}, {@code partition},
 * {@code offset}, and once known {@code study} and {@code revision}. Opened and closed on the
 * stream thread that processes the record (try-with-resources); closing removes the keys.
 * Identifiers of patients never go in here.
 */
final class RecordMdc implements AutoCloseable {
    static final String TOPIC = "topic";
    static final String PARTITION = "partition";
    static final String OFFSET = "offset";
    static final String STUDY = "study";
    static final String REVISION = "revision";

    private RecordMdc() {
    }

    /** Puts where the record came from ({@code source} null: nothing). */
    static RecordMdc of(RecordMetadata source) {
        if (source != null) {
            MDC.put(TOPIC, source.topic());
            MDC.put(PARTITION, Integer.toString(source.partition()));
            MDC.put(OFFSET, Long.toString(source.offset()));
        }
        return new RecordMdc();
    }

    /** Adds the study and revision the record is about. */
    void study(String studyInstanceUid, long revision) {
        MDC.put(STUDY, studyInstanceUid);
        MDC.put(REVISION, Long.toString(revision));
    }

    @Override
    public void close() {
        MDC.remove(TOPIC);
        MDC.remove(PARTITION);
        MDC.remove(OFFSET);
        MDC.remove(STUDY);
        MDC.remove(REVISION);
    }
}
