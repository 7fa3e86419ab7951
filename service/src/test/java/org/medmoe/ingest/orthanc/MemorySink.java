package org.medmoe.ingest.orthanc;

import java.util.ArrayList;
import java.util.List;
import org.medmoe.schema.StudyEvent;

/** A {@link BridgeSink} in memory, which can be told to fail its next commit (a crash before commit). */
final class MemorySink implements BridgeSink {

    final List<StudyEvent> events = new ArrayList<>();
    private BridgeCheckpoint committed = BridgeCheckpoint.start();
    boolean failNextCommit;

    @Override
    public BridgeCheckpoint restore() {
        return committed.copy();
    }

    @Override
    public void commit(List<StudyEvent> batch, long position) throws BridgeException {
        if (failNextCommit) {
            failNextCommit = false;
            throw new BridgeException("simulated crash before commit", null);
        }
        events.addAll(batch);
        BridgeCheckpoint next = committed.copy();
        batch.forEach(e -> next.announced(e.getStudyInstanceUid(), e.getInstanceCount()));
        next.advance(position);
        committed = next;
    }

    @Override
    public void close() {
    }
}
