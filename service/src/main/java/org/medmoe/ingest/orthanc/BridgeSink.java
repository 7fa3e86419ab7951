package org.medmoe.ingest.orthanc;

import java.util.List;
import org.medmoe.schema.StudyEvent;

/**
 * Where the bridge's output goes. {@link #commit} must be atomic: the events and the new position
 * are stored together or not at all, which is what makes a restart lose and repeat nothing.
 */
public interface BridgeSink extends AutoCloseable {

    /** The checkpoint of the last successful commit (or the start). */
    BridgeCheckpoint restore() throws BridgeException;

    /**
     * Stores {@code events} and the feed {@code position} atomically. Each event's study is recorded
     * with its instance count.
     */
    void commit(List<StudyEvent> events, long position) throws BridgeException;

    @Override
    void close();
}
