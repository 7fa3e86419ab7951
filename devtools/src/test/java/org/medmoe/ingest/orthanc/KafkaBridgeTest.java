package org.medmoe.ingest.orthanc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medmoe.ingest.orthanc.BridgeFixtures.awaitStable;
import static org.medmoe.ingest.orthanc.BridgeFixtures.drain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.medmoe.devtools.embedded.EmbeddedKafka;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.registry.AvroSerdes;
import org.medmoe.registry.InMemorySchemaRegistry;
import org.medmoe.schema.StudyEvent;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.pacs.FreshStudies;
import org.medmoe.devtools.embedded.EmbeddedOrthanc;

/**
 * The bridge with its Kafka sink, on the embedded broker and a real Orthanc: stopped and
 * restarted between uploads, it publishes exactly one event per stable study.
 */
class KafkaBridgeTest {

    /** The run's shared PACS: the tests upload fresh copies (new UIDs), so earlier uploads do not matter. */
    private final EmbeddedOrthanc orthanc = EmbeddedOrthanc.shared();
    private final EmbeddedKafka kafka = TestKafka.get();
    private final Serde<StudyEvent> serde = AvroSerdes.value(StudyEvent.class, new InMemorySchemaRegistry());
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String eventsTopic = "pacs.study.events." + run;
    private final String stateTopic = "medmoe.bridge.state." + run;
    private final String source = "orthanc:kafka-" + run;

    private Map<String, Object> props() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return p;
    }

    private OrthancBridge startBridge(KafkaBridgeSink sink) throws Exception {
        return new OrthancBridge(BridgeFixtures.rest(orthanc), sink, BridgeFixtures.config(orthanc, source),
                Clock.systemUTC());
    }

    private final Map<String, byte[]> copies = new HashMap<>();

    /** Uploads a copy of a real file as a new study; returns Orthanc's study id. */
    private String upload(String file) throws Exception {
        byte[] copy = FreshStudies.copy(DebianSamples.pydicom(file));
        copies.put(file, copy);
        JsonNode answer = orthanc.upload(copy);
        return answer.path("ParentStudy").asText();
    }

    /**
     * Committed events, once at least {@code atLeast} are visible (transaction markers reach the
     * partition shortly after the commit returns).
     */
    private List<StudyEvent> committedEvents(int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<StudyEvent> events = readCommitted();
        while (events.size() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
            events = readCommitted();
        }
        return events;
    }

    private List<StudyEvent> readCommitted() {
        List<StudyEvent> out = new ArrayList<>();
        BridgeFixtures.readCommitted(props(), eventsTopic, serde.deserializer()).forEach(r -> {
            assertThat(r.key()).isEqualTo(r.value().getStudyInstanceUid());
            out.add(r.value());
        });
        return out;
    }

    @Test
    void shouldPublishOneEventPerStableStudyAcrossARestart() throws Exception {
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic(eventsTopic, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
        KafkaBridgeSink.createStateTopic(props(), stateTopic, (short) 1);
        long before = BridgeFixtures.lastSeq(orthanc);
        String first = upload("MR_small_expb.dcm");
        awaitStable(orthanc, List.of(first), before);

        KafkaBridgeSink sink = new KafkaBridgeSink(props(), eventsTopic, stateTopic, source, serde.serializer());
        OrthancBridge bridge = startBridge(sink);
        drain(bridge);
        long position = bridge.position();
        sink.close();
        int afterFirstRun = committedEvents(1).size();

        long beforeSecond = BridgeFixtures.lastSeq(orthanc);
        String second = upload("SC_rgb_small_odd.dcm");
        awaitStable(orthanc, List.of(second), beforeSecond);
        KafkaBridgeSink sink2 = new KafkaBridgeSink(props(), eventsTopic, stateTopic, source, serde.serializer());
        OrthancBridge restarted = startBridge(sink2);
        assertThat(restarted.position()).as("position restored from Kafka").isEqualTo(position);
        drain(restarted);
        drain(restarted);
        sink2.close();

        List<StudyEvent> events = committedEvents(afterFirstRun + 1);
        String secondUid = new DicomImageReader(DecodeLimits.defaults())
                .readHeader(copies.get("SC_rgb_small_odd.dcm")).studyInstanceUid();
        assertThat(events).hasSize(afterFirstRun + 1);
        assertThat(events.get(events.size() - 1).getStudyInstanceUid()).isEqualTo(secondUid);
        assertThat(BridgeFixtures.countByStudy(events)).allSatisfy((uid, n) -> assertThat(n).as(uid).isOne());
    }
}
