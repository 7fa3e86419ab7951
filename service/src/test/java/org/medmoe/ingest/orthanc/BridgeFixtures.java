package org.medmoe.ingest.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.medmoe.dicom.sr.StructuredReportWriter;
import org.medmoe.schema.StudyEvent;
import org.medmoe.testing.pacs.OrthancServer;

/** Helpers shared by the bridge tests. */
final class BridgeFixtures {

    private BridgeFixtures() {
    }

    static BridgeConfig config(OrthancServer orthanc, String source) {
        return new BridgeConfig(source, orthanc.dicomWebUrl(), 100, StructuredReportWriter.MANUFACTURER);
    }

    static OrthancRest rest(OrthancServer orthanc) {
        return new OrthancRest(orthanc.restUrl(), null, Duration.ofSeconds(10));
    }

    /** Waits (on Orthanc's own state) until the studies are stable and their StableStudy change is in the feed. */
    static void awaitStable(OrthancServer orthanc, List<String> orthancStudyIds, long afterSeq) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            // Orthanc answers at most 100 changes per call (whatever the limit): follow the pages.
            List<String> stable = new ArrayList<>();
            long since = afterSeq;
            JsonNode changes;
            do {
                changes = orthanc.get("/changes?since=" + since + "&limit=100");
                changes.path("Changes").forEach(c -> {
                    if ("StableStudy".equals(c.path("ChangeType").asText())) {
                        stable.add(c.path("ID").asText());
                    }
                });
                since = changes.path("Last").asLong();
            } while (!changes.path("Done").asBoolean(true) && !changes.path("Changes").isEmpty());
            if (stable.containsAll(orthancStudyIds)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("studies " + orthancStudyIds + " not stable in time");
    }

    static long lastSeq(OrthancServer orthanc) {
        return orthanc.get("/changes?last").path("Last").asLong();
    }

    static void drain(OrthancBridge bridge) throws Exception {
        while (bridge.pollOnce()) {
            // next batch
        }
    }

    static Map<String, Long> countByStudy(List<StudyEvent> events) {
        return events.stream().collect(Collectors.groupingBy(StudyEvent::getStudyInstanceUid, Collectors.counting()));
    }

    static URI unused() {
        return URI.create("http://unused");
    }
}
