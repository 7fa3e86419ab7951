package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.analysis.StudyAnalysis;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.topology.TopicNames;

/**
 * Defects in the analysis on a real KRaft broker and registry, with the real model: an unexpected
 * exception becomes a dead letter with reason INTERNAL and the stream thread goes on with the records
 * behind it on the same partition, whether the processor catches it or, as the last line, Kafka
 * Streams' processing exception handler.
 */
@Tag("integration")
class AnalysisFailureIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void shouldDeadLetterUnexpectedExceptionsAndGoOnWithTheRecordsBehindThem() throws Exception {
        // Given one partition holding, in order: a study whose analysis throws a RuntimeException, a good
        // one, a study whose analysis throws a checked exception no catch of the processor expects, a good one
        String run = UUID.randomUUID().toString().substring(0, 8);
        Config config = ServiceTestConfig.of("failures-it", run, dir.resolve("state"), 1);
        TopicNames topics = StreamService.topicNames(config);
        List<SampleStudies.Sample> samples = SampleStudies.write(AnalysisWiring.modelDir(config),
                dir.resolve("studies"), "failures-" + run + "-").subList(0, 4);
        String runtimeDefect = samples.get(0).studyUid();
        String checkedDefect = samples.get(2).studyUid();
        UnaryOperator<StudyAnalysis> plant = analysis -> (event, last) -> {
            if (event.getStudyInstanceUid().equals(runtimeDefect)) {
                throw new IllegalStateException("planted defect");
            }
            if (event.getStudyInstanceUid().equals(checkedDefect)) {
                throw AnalysisFailureIntegrationTest.<RuntimeException>sneaky(new IOException("planted checked defect"));
            }
            return analysis.analyze(event, last);
        };
        AtomicReference<KafkaStreams> streams = new AtomicReference<>();
        ServiceObserver observer = StreamsCapture.into(streams);
        double failedThreads;

        List<ConsumerRecord<String, byte[]>> outputs;
        try (SchemaRegistry registry = RegistryWiring.client(config)) {
            var serdes = RegistryWiring.serdes(config, registry);
            Serde<StudyEvent> events = serdes.valueSerde(StudyEvent.class);
            try (StreamService service = StreamService.start(config, serdes, observer, plant)) {
                service.awaitRunning(Duration.ofSeconds(90));
                Instant now = Instant.now();
                List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
                for (SampleStudies.Sample s : samples) {
                    records.add(new ProducerRecord<>(topics.studyEvents(), s.studyUid(), events.serializer()
                            .serialize(topics.studyEvents(), SampleEvents.of(s, now))));
                }

                // When they are processed
                KafkaTestClients.produce(client(), records);
                outputs = KafkaTestClients.readCommitted(client(), List.of(topics.findings(), topics.deadLetters()),
                        r -> true, 4, Duration.ofMinutes(3));
                failedThreads = failedStreamThreads(streams.get());
                assertThat(service.isInError()).isFalse();
            }

            // Then each defect is one dead letter INTERNAL with the original record, each good study one findings
            Serde<DeadLetter> letterSerde = serdes.valueSerde(DeadLetter.class);
            Serde<StudyFindings> findingsSerde = serdes.valueSerde(StudyFindings.class);
            Map<String, DeadLetter> letters = outputs.stream().filter(r -> r.topic().equals(topics.deadLetters()))
                    .map(r -> letterSerde.deserializer().deserialize(r.topic(), r.value()))
                    .collect(Collectors.toMap(DeadLetter::getStudyInstanceUid, l -> l));
            List<String> findings = outputs.stream().filter(r -> r.topic().equals(topics.findings()))
                    .map(r -> findingsSerde.deserializer().deserialize(r.topic(), r.value()).getStudyInstanceUid())
                    .toList();

            assertThat(outputs).hasSize(4);
            assertThat(findings).containsExactly(samples.get(1).studyUid(), samples.get(3).studyUid());
            assertThat(letters).containsOnlyKeys(runtimeDefect, checkedDefect);
            assertThat(letters.get(runtimeDefect)).satisfies(l -> {
                assertThat(l.getReason()).isEqualTo(ReasonCode.INTERNAL);
                assertThat(l.getStage()).isEqualTo("analysis");
                assertThat(l.getMessage()).contains("planted defect");
                assertThat(l.getErrorClass()).isEqualTo(IllegalStateException.class.getName());
                assertThat(l.getOffset()).isEqualTo(0L);
                assertThat(l.getRevision()).isEqualTo(1L);
            });
            assertThat(letters.get(checkedDefect)).satisfies(l -> {
                assertThat(l.getReason()).isEqualTo(ReasonCode.INTERNAL);
                assertThat(l.getStage()).isEqualTo("processor analysis");
                assertThat(l.getMessage()).contains("planted checked defect");
                assertThat(l.getOffset()).isEqualTo(2L);
                assertThat(l.getRevision()).isEqualTo(1L);
                StudyEvent original = events.deserializer().deserialize(topics.studyEvents(), l.getValue().array());
                assertThat(original.getStudyInstanceUid()).isEqualTo(checkedDefect);
            });
            assertThat(failedThreads).as("stream threads that died").isZero();
        }
    }

    @Test
    void shouldReportTheInstanceFailedOnceItsStreamThreadsAreSpent() throws Exception {
        // Given no thread replacements allowed and an analysis that dies with an Error (no dead letter can catch it)
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> s = new java.util.HashMap<>();
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), TestKafka.get().bootstrapServers());
        s.put(ConfigKeys.REGISTRY_URL.name(), org.medmoe.devtools.embedded.TestRegistry.url());
        s.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "failed-it-" + run);
        s.put(ConfigKeys.KAFKA_STATE_DIR.name(), dir.resolve("state").toString());
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), "1");
        for (var topic : List.of(ConfigKeys.TOPIC_STUDY_EVENTS, ConfigKeys.TOPIC_ACCEPTED, ConfigKeys.TOPIC_FINDINGS,
                ConfigKeys.TOPIC_TRIAGE, ConfigKeys.TOPIC_REPORT_DRAFTS, ConfigKeys.TOPIC_DEAD_LETTERS)) {
            s.put(topic.name(), topic.defaultValue() + "-" + run);
        }
        s.put(ConfigKeys.ERRORS_THREAD_REPLACEMENTS.name(), "0");
        s.put(ConfigKeys.KAFKA_STREAM_THREADS.name(), "1");
        Config config = Config.of(s);
        TopicNames topics = StreamService.topicNames(config);
        SampleStudies.Sample sample = SampleStudies.write(AnalysisWiring.modelDir(config), dir.resolve("studies"),
                "failed-" + run + "-").get(0);
        UnaryOperator<StudyAnalysis> plant = analysis -> (event, last) -> {
            throw new StackOverflowError("planted: the stream thread dies");
        };
        try (SchemaRegistry registry = RegistryWiring.client(config)) {
            var serdes = RegistryWiring.serdes(config, registry);
            try (StreamService service = StreamService.start(config, serdes, ServiceObserver.NONE, plant)) {
                service.awaitRunning(Duration.ofSeconds(90));
                assertThat(service.isInError()).isFalse();

                // When a study kills the only stream thread
                KafkaTestClients.produce(client(), List.of(new ProducerRecord<>(topics.studyEvents(), sample.studyUid(),
                        serdes.valueSerde(StudyEvent.class).serializer().serialize(topics.studyEvents(),
                                SampleEvents.of(sample, Instant.now())))));
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (!service.isInError() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    Thread.sleep(50);
                }

                // Then the service says it has failed (run exits with code 3 on it), not merely stopped
                assertThat(service.isInError()).isTrue();
                assertThat(service.state()).isIn(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
            }
        }
    }

    /** Kafka Streams' own count of stream threads that died in this client. */
    private static double failedStreamThreads(KafkaStreams streams) {
        return streams.metrics().values().stream()
                .filter(m -> m.metricName().name().equals("failed-stream-threads"))
                .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    private static Properties client() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        return p;
    }
}
