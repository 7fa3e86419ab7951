package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.devtools.embedded.TestRegistry;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.topology.TopicNames;

/** The intake stage on a real KRaft broker and a real schema registry, exactly-once, across a restart. */
@Tag("integration")
class IntakeIntegrationTest {
    @TempDir
    Path stateDir;

    private Config config;
    private TopicNames topics;
    private SchemaRegistry registry;

    @BeforeEach
    void configure() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> s = new HashMap<>();
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), TestKafka.get().bootstrapServers());
        s.put(ConfigKeys.REGISTRY_URL.name(), TestRegistry.url());
        s.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "intake-it-" + run);
        s.put(ConfigKeys.KAFKA_STATE_DIR.name(), stateDir.toString());
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), "2");
        s.put(ConfigKeys.TOPIC_STUDY_EVENTS.name(), "events-" + run);
        s.put(ConfigKeys.TOPIC_ACCEPTED.name(), "accepted-" + run);
        s.put(ConfigKeys.TOPIC_DEAD_LETTERS.name(), "dead-" + run);
        s.put(ConfigKeys.TOPIC_FINDINGS.name(), "findings-" + run);
        s.put(ConfigKeys.TOPIC_TRIAGE.name(), "triage-" + run);
        s.put(ConfigKeys.TOPIC_REPORT_DRAFTS.name(), "drafts-" + run);
        config = Config.of(s);
        topics = StreamService.topicNames(config);
        registry = RegistryWiring.client(config);
    }

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    @Test
    void shouldAcceptValidEventsOnceAndDeadLetterBadOnesAcrossARestart() throws Exception {
        var serdes = RegistryWiring.serdes(config, registry);
        var eventSerde = serdes.valueSerde(StudyEvent.class);
        var letterSerde = serdes.valueSerde(DeadLetter.class);
        String a = "1.2.826.0.1.3680043.8.498.501";
        String b = "1.2.826.0.1.3680043.8.498.502";
        Instant now = Instant.now();

        try (StreamService service = StreamService.start(config, serdes)) {
            service.awaitRunning(Duration.ofSeconds(60));
            produce(List.of(
                    record(a, eventSerde.serializer().serialize(topics.studyEvents(), event(a, 1, "CT", now))),
                    record(b, eventSerde.serializer().serialize(topics.studyEvents(), event(b, 1, "MR", now))),
                    record(a, eventSerde.serializer().serialize(topics.studyEvents(), event(a, 1, "CT", now))),
                    record(b, "not avro".getBytes())));
            List<ConsumerRecord<String, byte[]>> first = consume(3, Duration.ofSeconds(60), letterSerde);
            assertThat(first).hasSize(3);
        }

        try (StreamService restarted = StreamService.start(config, serdes)) {
            restarted.awaitRunning(Duration.ofSeconds(60));
            produce(List.of(
                    record(a, eventSerde.serializer().serialize(topics.studyEvents(), event(a, 1, "CT", now))),
                    record(a, eventSerde.serializer().serialize(topics.studyEvents(), event(a, 2, "CT", now)))));
            List<ConsumerRecord<String, byte[]>> all = consume(4, Duration.ofSeconds(60), letterSerde);

            List<String> accepted = new ArrayList<>();
            List<DeadLetter> letters = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : all) {
                if (r.topic().equals(topics.accepted())) {
                    StudyEvent e = eventSerde.deserializer().deserialize(r.topic(), r.value());
                    accepted.add(e.getStudyInstanceUid() + "@" + e.getRevision());
                    assertThat(r.key()).isEqualTo(e.getStudyInstanceUid());
                } else {
                    letters.add(letterSerde.deserializer().deserialize(r.topic(), r.value()));
                }
            }
            assertThat(accepted).containsExactlyInAnyOrder(a + "@1", b + "@1", a + "@2");
            assertThat(letters).singleElement().satisfies(l -> {
                assertThat(l.getReason()).isEqualTo(ReasonCode.UNDECODABLE_RECORD);
                assertThat(l.getOriginalTopic()).isEqualTo(topics.studyEvents());
                assertThat(l.getOffset()).isNotNull();
            });
        }
    }

    /** A valid event whose PACS does not exist: intake accepts it, analysis dead-letters it. */
    static StudyEvent event(String uid, long revision, String modality, Instant now) {
        return StudyEvent.newBuilder(SampleEvents.fileEvent(uid, revision, modality, Path.of("/nonexistent"), now))
                .build();
    }

    private ProducerRecord<String, byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(topics.studyEvents(), key, value);
    }

    private static Properties client() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        return p;
    }

    private void produce(List<ProducerRecord<String, byte[]>> records) throws Exception {
        KafkaTestClients.produce(client(), records);
    }

    /**
     * Reads accepted events and intake's dead letters from the start, committed records only, until
     * {@code atLeast} or the timeout (the analysis stage's dead letters for these PACS-less studies
     * are left out).
     */
    private List<ConsumerRecord<String, byte[]>> consume(int atLeast, Duration timeout,
            org.apache.kafka.common.serialization.Serde<DeadLetter> letters) {
        return KafkaTestClients.readCommitted(client(), List.of(topics.accepted(), topics.deadLetters()),
                r -> r.topic().equals(topics.accepted())
                        || letters.deserializer().deserialize(r.topic(), r.value()).getStage().equals("intake"),
                atLeast, timeout);
    }
}
