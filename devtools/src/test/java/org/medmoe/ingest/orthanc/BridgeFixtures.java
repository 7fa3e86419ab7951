package org.medmoe.ingest.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.medmoe.dicom.sr.StructuredReportWriter;
import org.medmoe.schema.StudyEvent;
import org.medmoe.devtools.embedded.EmbeddedOrthanc;

/** Helpers shared by the bridge tests. */
final class BridgeFixtures {

    private BridgeFixtures() {
    }

    static BridgeConfig config(EmbeddedOrthanc orthanc, String source) {
        return new BridgeConfig(source, orthanc.dicomWebUrl(), 100, StructuredReportWriter.MANUFACTURER);
    }

    static OrthancRest rest(EmbeddedOrthanc orthanc) {
        return new OrthancRest(orthanc.restUrl(), null, Duration.ofSeconds(10));
    }

    /** Waits (on Orthanc's own state) until the studies are stable and their StableStudy change is in the feed. */
    static void awaitStable(EmbeddedOrthanc orthanc, List<String> orthancStudyIds, long afterSeq) throws InterruptedException {
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

    static long lastSeq(EmbeddedOrthanc orthanc) {
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

    /** The committed records (read_committed) of partition 0 of {@code topic}, from its start to its end now. */
    static List<ConsumerRecord<String, StudyEvent>> readCommitted(Map<String, Object> clientProps, String topic,
            Deserializer<StudyEvent> values) {
        Map<String, Object> c = new HashMap<>(clientProps);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, StudyEvent>> out = new ArrayList<>();
        try (KafkaConsumer<String, StudyEvent> consumer = new KafkaConsumer<>(c, new StringDeserializer(), values)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
