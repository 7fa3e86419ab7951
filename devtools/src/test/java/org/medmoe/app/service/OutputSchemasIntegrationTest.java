package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.registry.RegistryException;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.TriageDecision;
import org.medmoe.topology.TopicNames;
import org.medmoe.topology.Topics;

/**
 * Output schemas resolved at start-up against the real schema registry, with and without
 * auto-registration, and the order of a start: Kafka Streams starts before the model is in.
 */
@Tag("integration")
class OutputSchemasIntegrationTest {
    @TempDir
    Path stateDir;

    private SchemaRegistry registry;

    @AfterEach
    void closeRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldRegisterEveryOutputSubjectBeforeTheFirstRecordWhenAutoRegisterIsOn() {
        // Given fresh topics, so that no subject exists yet
        Config config = config(true);
        registry = RegistryWiring.client(config);
        TopicNames names = StreamService.topicNames(config);
        Topics topics = Topics.of(names, RegistryWiring.serdes(config, registry));

        // When
        Map<String, Integer> ids = OutputSchemas.resolve(topics);

        // Then each output subject holds its schema, under the id the serializer will write
        assertThat(ids).containsOnlyKeys(names.accepted(), names.findings(), names.triage(), names.reportDrafts(),
                names.deadLetters());
        assertThat(registry.lookup(names.accepted() + "-value", StudyEvent.getClassSchema()))
                .contains(ids.get(names.accepted()));
        assertThat(registry.lookup(names.findings() + "-value", StudyFindings.getClassSchema()))
                .contains(ids.get(names.findings()));
        assertThat(registry.lookup(names.triage() + "-value", TriageDecision.getClassSchema()))
                .contains(ids.get(names.triage()));
        assertThat(registry.lookup(names.reportDrafts() + "-value", ReportDraft.getClassSchema()))
                .contains(ids.get(names.reportDrafts()));
        assertThat(registry.lookup(names.deadLetters() + "-value", DeadLetter.getClassSchema()))
                .contains(ids.get(names.deadLetters()));
    }

    @Test
    void shouldFailStartUpNamingTheMissingSubjectWhenAutoRegisterIsOff() {
        // Given every output subject registered but the triage one, and auto-registration off
        Config config = config(false);
        registry = RegistryWiring.client(config);
        TopicNames names = StreamService.topicNames(config);
        register(names.accepted(), StudyEvent.getClassSchema());
        register(names.findings(), StudyFindings.getClassSchema());
        register(names.reportDrafts(), ReportDraft.getClassSchema());
        register(names.deadLetters(), DeadLetter.getClassSchema());
        String missing = names.triage() + "-value";

        // When / Then the service does not start, and says which subject is missing
        assertThatThrownBy(() -> StreamService.start(config, RegistryWiring.serdes(config, registry)).close())
                .isInstanceOf(ServiceStartException.class)
                .hasMessageContaining("'" + names.triage() + "'")
                .hasMessageContaining("subject '" + missing + "'")
                .hasMessageContaining("auto-registration is off")
                .hasCauseInstanceOf(RegistryException.class);
        assertThat(registry.lookup(missing, TriageDecision.getClassSchema())).isEmpty();
    }

    @Test
    void shouldResolveEveryOutputSchemaWhenAllAreRegisteredAndAutoRegisterIsOff() {
        // Given every output subject registered and auto-registration off
        Config config = config(false);
        registry = RegistryWiring.client(config);
        TopicNames names = StreamService.topicNames(config);
        int triage = register(names.triage(), TriageDecision.getClassSchema());
        register(names.accepted(), StudyEvent.getClassSchema());
        register(names.findings(), StudyFindings.getClassSchema());
        register(names.reportDrafts(), ReportDraft.getClassSchema());
        register(names.deadLetters(), DeadLetter.getClassSchema());

        // When
        Map<String, Integer> ids = OutputSchemas.resolve(Topics.of(names, RegistryWiring.serdes(config, registry)));

        // Then the ids are the registered ones
        assertThat(ids).hasSize(5).containsEntry(names.triage(), triage);
    }

    @Test
    void shouldStartKafkaStreamsBeforeTheModelIsInAndStopItWhenTheStartFailsAfter() {
        // Given an observer that sees the Kafka Streams instance and fails the start when told the model is loaded
        Map<String, String> s = RunSettings.of("start-order-it-", UUID.randomUUID().toString().substring(0, 8),
                stateDir);
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), "1");
        Config config = Config.of(s);
        registry = RegistryWiring.client(config);
        AtomicReference<KafkaStreams> streams = new AtomicReference<>();
        AtomicReference<KafkaStreams.State> stateWhenModelLoaded = new AtomicReference<>();
        ServiceObserver observer = StreamsCapture.into(streams, info -> {
            stateWhenModelLoaded.set(streams.get().state());
            throw new IllegalStateException("planted: the start fails once the model is in");
        });

        // When the service starts
        assertThatThrownBy(() -> StreamService.start(config, RegistryWiring.serdes(config, registry), observer,
                UnaryOperator.identity()).close()).hasMessageContaining("planted");

        // Then Kafka Streams had started (paused) before the model was in, and was stopped with the start
        assertThat(stateWhenModelLoaded.get()).isNotNull().isNotEqualTo(KafkaStreams.State.CREATED);
        assertThat(streams.get().state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        String app = config.string(ConfigKeys.KAFKA_APPLICATION_ID);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive() && t.getName().startsWith(app));
    }

    private int register(String topic, Schema schema) {
        return registry.register(topic + "-value", schema);
    }

    private Config config(boolean autoRegister) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> s = RunSettings.of("output-schemas-it-", run, stateDir);
        s.put(ConfigKeys.REGISTRY_AUTO_REGISTER.name(), Boolean.toString(autoRegister));
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), "1");
        return Config.of(s);
    }
}
