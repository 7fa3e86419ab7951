package org.medmoe.ingest.orthanc;

import java.util.HashMap;
import java.util.Map;

/**
 * What the bridge has committed: the last change sequence number it consumed, and for each study
 * it announced the number of instances (not counting our own SR series) at that time. Mutable;
 * owned by one bridge thread.
 */
public final class BridgeCheckpoint {

    private long position;
    private final Map<String, Integer> instances;

    /** @param position last consumed change, 0 for the start of the feed */
    public BridgeCheckpoint(long position, Map<String, Integer> instances) {
        this.position = position;
        this.instances = new HashMap<>(instances);
    }

    /** An empty checkpoint: start of the feed, nothing announced. */
    public static BridgeCheckpoint start() {
        return new BridgeCheckpoint(0, Map.of());
    }

    /** Last consumed change sequence number. */
    public long position() {
        return position;
    }

    /** Instances of {@code studyUid} at its last announcement, or -1. */
    public int announcedInstances(String studyUid) {
        return instances.getOrDefault(studyUid, -1);
    }

    void advance(long newPosition) {
        position = Math.max(position, newPosition);
    }

    void announced(String studyUid, int count) {
        instances.put(studyUid, count);
    }

    /** A copy. */
    public BridgeCheckpoint copy() {
        return new BridgeCheckpoint(position, instances);
    }
}
