package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.devtools.embedded.TestRegistry;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.StudyEvent;

/**
 * Static membership on a real broker: an instance that dies without leaving the group (as under
 * SIGKILL) and comes back with the same {@code kafka.instance.id} takes its partitions back at once,
 * instead of waiting for the session timeout of its dead self.
 */
@Tag("integration")
class StaticMembershipIntegrationTest {
    /** Long enough that waiting for it cannot pass for a quick resumption. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldResumeBeforeTheSessionTimeoutWhenADeadInstanceRestartsWithItsId() throws Exception {
        // Given an instance with a static id that has processed a study and then dies without leaving the group
        String run = UUID.randomUUID().toString().substring(0, 8);
        Config config = config(run);
        String events = config.string(ConfigKeys.TOPIC_STUDY_EVENTS);
        String findings = config.string(ConfigKeys.TOPIC_FINDINGS);
        List<SampleStudies.Sample> samples = SampleStudies.write(AnalysisWiring.modelDir(config),
                dir.resolve("studies"), "failover-" + run + "-");
        AtomicReference<KafkaStreams> streams = new AtomicReference<>();
        Duration resumed;
        try (SchemaRegistry registry = RegistryWiring.client(config)) {
            var serdes = RegistryWiring.serdes(config, registry);
            var eventSerializer = serdes.valueSerde(StudyEvent.class).serializer();
            try (StreamService first = StreamService.start(config, serdes, StreamsCapture.into(streams),
                    UnaryOperator.identity())) {
                first.awaitRunning(Duration.ofSeconds(90));
                produce(new ProducerRecord<>(events, samples.get(0).studyUid(),
                        eventSerializer.serialize(events, SampleEvents.of(samples.get(0), Instant.now()))));
                assertThat(KafkaTestClients.readCommitted(client(), List.of(findings), r -> true, 1,
                        Duration.ofSeconds(90))).hasSize(1);
                streams.get().close(CloseOptions.groupMembershipOperation(
                        CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP).withTimeout(Duration.ofSeconds(30)));
            }

            // When it restarts with the same id and a new study arrives
            long t0 = System.nanoTime();
            try (StreamService second = StreamService.start(config, serdes, StreamsCapture.into(streams),
                    UnaryOperator.identity())) {
                produce(new ProducerRecord<>(events, samples.get(1).studyUid(),
                        eventSerializer.serialize(events, SampleEvents.of(samples.get(1), Instant.now()))));
                var outputs = KafkaTestClients.readCommitted(client(), List.of(findings), r -> true, 2,
                        SESSION_TIMEOUT.multipliedBy(2));
                resumed = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(outputs).hasSize(2);
            }
        }

        // Then its first output came well before the dead member's session could have expired
        System.out.printf("static membership: restart to first output %.1f s%n", resumed.toMillis() / 1000.0);
        assertThat(resumed).isLessThan(SESSION_TIMEOUT.dividedBy(2));
    }

    private Config config(String run) {
        Map<String, String> s = new HashMap<>();
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), TestKafka.get().bootstrapServers());
        s.put(ConfigKeys.REGISTRY_URL.name(), TestRegistry.url());
        s.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "failover-it-" + run);
        s.put(ConfigKeys.KAFKA_STATE_DIR.name(), dir.resolve("state").toString());
        s.put(ConfigKeys.KAFKA_INSTANCE_ID.name(), "failover-" + run);
        s.put(ConfigKeys.KAFKA_STREAM_THREADS.name(), "1");
        s.put(ConfigKeys.ANALYSIS_FILE_ROOTS.name(), dir.toString());
        s.put(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX + "session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()));
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), "2");
        for (var topic : List.of(ConfigKeys.TOPIC_STUDY_EVENTS, ConfigKeys.TOPIC_ACCEPTED, ConfigKeys.TOPIC_FINDINGS,
                ConfigKeys.TOPIC_TRIAGE, ConfigKeys.TOPIC_REPORT_DRAFTS, ConfigKeys.TOPIC_DEAD_LETTERS)) {
            s.put(topic.name(), topic.defaultValue() + "-" + run);
        }
        return Config.of(s);
    }

    private static void produce(ProducerRecord<String, byte[]> record) throws Exception {
        KafkaTestClients.produce(client(), List.of(record));
    }

    private static Properties client() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        return p;
    }
}
