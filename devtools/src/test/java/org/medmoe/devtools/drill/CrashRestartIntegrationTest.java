package org.medmoe.devtools.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.service.AnalysisWiring;
import org.medmoe.app.service.KafkaTestClients;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.StreamService;
import org.medmoe.app.service.StreamsProperties;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.devtools.embedded.TestRegistry;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.StudyEvent;

/**
 * A service instance (a child JVM, as the drill runs it) killed with SIGKILL after it has published,
 * and started again on the same state folder: the task state its crash left is removed before Kafka
 * Streams starts, so Kafka Streams finds no corrupted task (whose handling makes the whole group
 * rebalance), and the next study is analysed once.
 */
@Tag("integration")
class CrashRestartIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void shouldRestartAfterSigkillWithoutCorruptedTasks() throws Exception {
        // Given an instance that has analysed a study
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = settings(run);
        Config config = Config.of(settings);
        String events = config.string(ConfigKeys.TOPIC_STUDY_EVENTS);
        String findings = config.string(ConfigKeys.TOPIC_FINDINGS);
        List<SampleStudies.Sample> samples = SampleStudies.write(AnalysisWiring.modelDir(config),
                dir.resolve("studies"), "crash-" + run + "-");
        try (Admin admin = Admin.create(StreamsProperties.client(config))) {
            List<NewTopic> topics = StreamService.topicNames(config).all().stream()
                    .map(name -> new NewTopic(name, 2, (short) 1)).toList();
            admin.createTopics(topics).all().get();
        }
        DrillInstance instance = new DrillInstance(1, dir.resolve("instance"), settings, new PoisonPlant(null, null));
        try (SchemaRegistry registry = RegistryWiring.client(config)) {
            var serializer = RegistryWiring.serdes(config, registry).valueSerde(StudyEvent.class).serializer();
            instance.start();
            KafkaTestClients.produce(client(), List.of(new ProducerRecord<>(events, samples.get(0).studyUid(),
                    serializer.serialize(events, SampleEvents.of(samples.get(0), Instant.now())))));
            assertThat(KafkaTestClients.readCommitted(client(), List.of(findings), r -> true, 1,
                    Duration.ofSeconds(120))).hasSize(1);

            // When it is killed with SIGKILL, started again, and a new study arrives
            instance.kill();
            instance.start();
            KafkaTestClients.produce(client(), List.of(new ProducerRecord<>(events, samples.get(1).studyUid(),
                    serializer.serialize(events, SampleEvents.of(samples.get(1), Instant.now())))));

            // Then both studies have one findings each, and the restart found no corrupted task
            var out = KafkaTestClients.readCommitted(client(), List.of(findings), r -> true, 2, Duration.ofSeconds(120));
            assertThat(out).extracting(r -> r.key()).containsExactlyInAnyOrder(samples.get(0).studyUid(),
                    samples.get(1).studyUid());
        } finally {
            instance.close();
        }
        String restart = Files.readString(instance.log(), StandardCharsets.UTF_8);
        assertThat(restart).contains("left by a crash removed before the start").doesNotContain("are corrupted");
    }

    private Map<String, String> settings(String run) {
        Map<String, String> s = new HashMap<>();
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), TestKafka.get().bootstrapServers());
        s.put(ConfigKeys.REGISTRY_URL.name(), TestRegistry.url());
        s.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "crash-it-" + run);
        s.put(ConfigKeys.KAFKA_STREAM_THREADS.name(), "1");
        s.put(ConfigKeys.MODEL_INTRA_OP_THREADS.name(), "1");
        s.put(ConfigKeys.ANALYSIS_FILE_ROOTS.name(), dir.toString());
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), "2");
        for (var topic : List.of(ConfigKeys.TOPIC_STUDY_EVENTS, ConfigKeys.TOPIC_ACCEPTED, ConfigKeys.TOPIC_FINDINGS,
                ConfigKeys.TOPIC_TRIAGE, ConfigKeys.TOPIC_REPORT_DRAFTS, ConfigKeys.TOPIC_DEAD_LETTERS)) {
            s.put(topic.name(), topic.defaultValue() + "-" + run);
        }
        return s;
    }

    private static Properties client() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        return p;
    }
}
