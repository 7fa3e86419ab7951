package org.medmoe.ingest.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.medmoe.schema.StudyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Orthanc's change feed and announces stable studies.
 *
 * <p>Each poll reads a batch of changes after the committed position, describes every
 * {@code StableStudy} (revision = the change's sequence number, counts without our own SR
 * series), drops those whose instance count did not change since the study was last announced
 * (e.g. Orthanc re-announcing a study because we stored an SR into it), and commits the events
 * with the new position through the {@link BridgeSink} in one atomic step. A crash before the
 * commit repeats the batch; after it, nothing is repeated.
 *
 * <p>Single-threaded: one bridge per source, driven by {@link #run} or by {@link #pollOnce}.
 */
public final class OrthancBridge {

    private static final Logger LOG = LoggerFactory.getLogger(OrthancBridge.class);

    private final OrthancRest rest;
    private final BridgeSink sink;
    private final BridgeConfig config;
    private final StudyDescriber describer;
    private final Clock clock;
    private BridgeCheckpoint checkpoint;

    /** Creates a bridge and restores its checkpoint from {@code sink}. */
    public OrthancBridge(OrthancRest rest, BridgeSink sink, BridgeConfig config, Clock clock) throws BridgeException {
        this.rest = rest;
        this.sink = sink;
        this.config = config;
        this.clock = clock;
        this.describer = new StudyDescriber(rest, config);
        this.checkpoint = sink.restore();
        LOG.info("Orthanc bridge {} resumes after change {}", config.source(), checkpoint.position());
    }

    /** The committed position. */
    public long position() {
        return checkpoint.position();
    }

    /**
     * Reads and commits one batch.
     *
     * @return true when the feed had more changes after this batch
     */
    public boolean pollOnce() throws OrthancException, BridgeException {
        JsonNode page = rest.changes(checkpoint.position(), config.batchSize());
        BridgeCheckpoint next = checkpoint.copy();
        List<StudyEvent> events = new ArrayList<>();
        for (JsonNode change : page.path("Changes")) {
            if (!"StableStudy".equals(change.path("ChangeType").asText())) {
                continue;
            }
            long seq = change.path("Seq").asLong();
            Optional<StudyEvent> event = describer.describe(change.path("ID").asText(), seq, clock.instant());
            if (event.isEmpty()) {
                continue;
            }
            StudyEvent e = event.get();
            if (e.getInstanceCount() == 0 || next.announcedInstances(e.getStudyInstanceUid()) == e.getInstanceCount()) {
                LOG.debug("study {} unchanged at change {}, not announced", e.getStudyInstanceUid(), seq);
                continue;
            }
            next.announced(e.getStudyInstanceUid(), e.getInstanceCount());
            events.add(e);
        }
        long last = page.path("Last").asLong(checkpoint.position());
        if (last > checkpoint.position() || !events.isEmpty()) {
            sink.commit(events, last);
            next.advance(last);
            checkpoint = next;
            for (StudyEvent e : events) {
                LOG.info("study {} announced: revision {}, {} series, {} instances", e.getStudyInstanceUid(),
                        e.getRevision(), e.getSeriesCount(), e.getInstanceCount());
            }
        }
        return !page.path("Done").asBoolean(true);
    }

    /**
     * Polls until {@code stop} says so, pausing {@code idle} when the feed is drained. Failures
     * of Orthanc are logged and retried after the pause; a failed commit ends the loop.
     */
    public void run(BooleanSupplier stop, Duration idle) throws BridgeException {
        while (!stop.getAsBoolean()) {
            boolean more;
            try {
                more = pollOnce();
            } catch (OrthancException e) {
                LOG.warn("Orthanc bridge {}: {}; retrying", config.source(), e.getMessage());
                more = false;
            }
            if (!more) {
                try {
                    Thread.sleep(idle.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
