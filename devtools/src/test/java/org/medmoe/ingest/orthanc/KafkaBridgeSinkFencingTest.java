package org.medmoe.ingest.orthanc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.medmoe.devtools.embedded.EmbeddedKafka;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.registry.AvroSerdes;
import org.medmoe.registry.InMemorySchemaRegistry;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

/**
 * The bridge's Kafka sink on the embedded broker, under the two faults the README names: a second
 * bridge of the same source fences the first, and a bridge that dies between sending and committing
 * (its transaction begun and written, never ended, as under SIGKILL) leaves nothing visible and
 * its position unmoved.
 */
@Tag("integration")
class KafkaBridgeSinkFencingTest {
    private final EmbeddedKafka kafka = TestKafka.get();
    private final Serde<StudyEvent> serde = AvroSerdes.value(StudyEvent.class, new InMemorySchemaRegistry());
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String eventsTopic = "pacs.study.events.fencing." + run;
    private final String stateTopic = "medmoe.bridge.state.fencing." + run;
    private final String source = "orthanc:fencing-" + run;

    @BeforeEach
    void topics() throws Exception {
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic(eventsTopic, 1, (short) 1))).all().get();
        }
        KafkaBridgeSink.createStateTopic(props(), stateTopic, (short) 1);
    }

    @Test
    void shouldFenceTheFirstBridgeWhenASecondOfTheSameSourceStarts() throws Exception {
        // Given a running bridge that committed once
        KafkaBridgeSink first = sink();
        first.restore();
        first.commit(List.of(event("1.2.3.1")), 10);

        // When a second bridge of the same source starts
        KafkaBridgeSink second = sink();
        BridgeCheckpoint restored = second.restore();

        // Then the first one can no longer commit, and the second goes on from the first one's position
        BridgeException fenced = catchThrowableOfType(BridgeException.class,
                () -> first.commit(List.of(event("1.2.3.2")), 20));
        // (the broker says so as a fenced producer or, with the newer transaction protocol, an old epoch)
        assertThat(fenced).rootCause().isInstanceOfAny(ProducerFencedException.class,
                InvalidProducerEpochException.class);
        assertThat(restored.position()).isEqualTo(10);
        second.commit(List.of(event("1.2.3.3")), 30);
        first.close();
        second.close();
        assertThat(committedStudies()).containsExactly("1.2.3.1", "1.2.3.3");
    }

    @Test
    void shouldHideWhatABridgeKilledBetweenSendAndCommitWroteAndRestoreItsLastCommittedPosition() throws Exception {
        // Given a bridge that committed once
        KafkaBridgeSink sink = sink();
        sink.restore();
        sink.commit(List.of(event("1.2.4.1")), 10);
        sink.close();
        // And a bridge of the same source that then began a transaction, sent an event and its position, and died
        KafkaProducer<byte[], byte[]> dying = transactional();
        dying.initTransactions();
        dying.beginTransaction();
        dying.send(new ProducerRecord<>(eventsTopic, bytes("1.2.4.2"),
                serde.serializer().serialize(eventsTopic, event("1.2.4.2")))).get();
        dying.send(new ProducerRecord<>(stateTopic, bytes(source + "|position"), bytes("20"))).get();

        // When the bridge is started again
        KafkaBridgeSink restarted = sink();
        BridgeCheckpoint restored = restarted.restore();

        // Then the dead transaction is aborted: its position and event are not seen, and the next commit goes on
        assertThat(restored.position()).isEqualTo(10);
        restarted.commit(List.of(event("1.2.4.2")), 20);
        restarted.close();
        dying.close(Duration.ZERO);
        assertThat(committedStudies()).containsExactly("1.2.4.1", "1.2.4.2");
    }

    private KafkaBridgeSink sink() {
        return new KafkaBridgeSink(props(), eventsTopic, stateTopic, source, serde.serializer());
    }

    /** A producer with the bridge's transactional id, as a bridge process of this source has. */
    private KafkaProducer<byte[], byte[]> transactional() {
        Map<String, Object> p = props();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaBridgeSink.transactionalId(source));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private Map<String, Object> props() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return p;
    }

    private List<String> committedStudies() {
        return BridgeFixtures.readCommitted(props(), eventsTopic, serde.deserializer()).stream()
                .map(r -> r.value().getStudyInstanceUid()).toList();
    }

    private static StudyEvent event(String uid) {
        return StudyEvent.newBuilder().setStudyInstanceUid(uid).setRevision(1).setAccessionNumber(null)
                .setModalities(List.of("CT")).setSeriesCount(1).setInstanceCount(1).setStudyDate("20261205")
                .setLocator(new StudyLocator(LocatorKind.DICOMWEB, "orthanc:studies/" + uid, null))
                .setSource("orthanc:fencing").setEventTime(Instant.parse("2026-12-05T12:00:00Z")).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
