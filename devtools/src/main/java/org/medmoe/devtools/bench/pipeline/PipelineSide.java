package org.medmoe.devtools.bench.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.ops.Observability;
import org.medmoe.app.ops.ServiceMetrics;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.StreamService;
import org.medmoe.devtools.embedded.EmbeddedKafka;
import org.medmoe.devtools.embedded.EmbeddedRegistry;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.StudyEvent;

/**
 * The service side of {@code bench pipeline}: the whole service (topology, DICOM, model) on the
 * embedded broker and registry, with its own topics and application id, and a findings reader.
 *
 * <p>A window runs from the first of its events produced until the service has handed the results of
 * the last of them to the output topics (its own count of published studies, the
 * {@code medmoe_studies_total} metric): the throughput of the service, commits included, but for the
 * wait of the window's last results for the stream threads' next commit
 * ({@code kafka.commit.interval.ms}), a latency that a longer window would share among more studies.
 * After the window, every finding is read back read_committed, and that wait is reported
 * ({@link #lastCommitWait}); a window whose studies were dead-lettered or whose findings do not all
 * arrive fails. Before a window opens, the service is RUNNING with its output schemas resolved, the
 * findings reader (assigned to the topic's partitions, no consumer group) has its positions, and the
 * events are already serialized: it measures the service, not the benchmark's own reader, producer or
 * start-up. Owns the service, its metrics, the reader and the producer (closed by {@link #close}).
 */
final class PipelineSide implements BenchSide {
    private static final Duration FINDINGS_WAIT = Duration.ofMinutes(10);
    /**
     * How often a window checks the service's count of published studies: often enough to add little to a
     * window of seconds, seldom enough to cost the process little CPU.
     */
    private static final long POLL_NANOS = 2_000_000;

    private final String topic;
    private final Observability observability;
    private final SchemaRegistry registry;
    private final StreamService service;
    private final KafkaConsumer<String, byte[]> reader;
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<StudyEvent> serializer;
    private Duration lastCommitWait = Duration.ZERO;

    /**
     * @param settings the service settings
     * @param threads stream threads, and partitions of the service's topics
     * @param batch the batcher's largest batch
     * @param state the service's state folder
     */
    PipelineSide(Path modelDir, Map<String, String> settings, int threads, int batch, EmbeddedKafka kafka,
            EmbeddedRegistry registryProcess, Path state) throws Exception {
        Config config = config(modelDir, settings, threads, batch, kafka, registryProcess, state);
        this.topic = config.string(ConfigKeys.TOPIC_STUDY_EVENTS);
        List<AutoCloseable> opened = new ArrayList<>();
        this.observability = new Observability();
        opened.add(observability);
        try {
            this.registry = RegistryWiring.client(config);
            opened.add(registry);
            this.service = StreamService.start(config, RegistryWiring.serdes(config, registry), observability);
            opened.add(service);
            this.reader = findingsReader(kafka.bootstrapServers(), config.string(ConfigKeys.TOPIC_FINDINGS));
            opened.add(reader);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            opened.add(producer);
            service.awaitRunning(Duration.ofMinutes(1));
            this.serializer = RegistryWiring.serdes(config, registry).valueSerde(StudyEvent.class).serializer();
        } catch (Exception | Error e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The service's settings: the benchmark's own topics, application id and state, and the batch size. */
    private static Config config(Path modelDir, Map<String, String> settings, int threads, int batch,
            EmbeddedKafka kafka, EmbeddedRegistry registryProcess, Path state) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> s = new HashMap<>(settings);
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        s.put(ConfigKeys.REGISTRY_URL.name(), registryProcess.url());
        s.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "bench-" + run);
        s.put(ConfigKeys.KAFKA_STATE_DIR.name(), state.toString());
        // the samples lie beside the state, under the benchmark's own folder
        s.put(ConfigKeys.ANALYSIS_FILE_ROOTS.name(), state.toAbsolutePath().getParent().toString());
        s.put(ConfigKeys.MODEL_DIR.name(), modelDir.toString());
        s.put(ConfigKeys.MODEL_BATCH_MAX.name(), Integer.toString(batch));
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), Integer.toString(threads));
        s.put(ConfigKeys.KAFKA_STREAM_THREADS.name(), Integer.toString(threads));
        for (var key : List.of(ConfigKeys.TOPIC_STUDY_EVENTS, ConfigKeys.TOPIC_ACCEPTED, ConfigKeys.TOPIC_FINDINGS,
                ConfigKeys.TOPIC_TRIAGE, ConfigKeys.TOPIC_REPORT_DRAFTS, ConfigKeys.TOPIC_DEAD_LETTERS)) {
            s.put(key.name(), key.defaultValue() + "." + run);
        }
        return Config.of(s);
    }

    @Override
    public WindowMeasure measure(List<SampleStudies.Sample> samples) {
        List<ProducerRecord<String, byte[]>> events = new ArrayList<>();
        for (SampleStudies.Sample sample : samples) {
            StudyEvent e = SampleEvents.fileEvent(sample.studyUid(), 1, sample.dicomModality(), sample.folder(),
                    Instant.now());
            events.add(new ProducerRecord<>(topic, sample.studyUid(), serializer.serialize(topic, e)));
        }
        ServiceMetrics metrics = observability.metrics();
        long deadLettered = metrics.deadLettered();
        long target = metrics.published() + deadLettered + events.size();
        BatchTally batches = BatchTally.of(metrics.batches());
        WindowMeasure.Start window = WindowMeasure.start();
        events.forEach(producer::send);
        producer.flush();
        awaitOutcomes(metrics, target);
        WindowMeasure measured = window.end(events.size(), BatchTally.of(metrics.batches()).meanSince(batches));
        long published = System.nanoTime();
        if (metrics.deadLettered() > deadLettered) {
            throw new IllegalStateException((metrics.deadLettered() - deadLettered) + " of the window's "
                    + events.size() + " studies were dead-lettered (see the service's log)");
        }
        awaitFindings(events.size());
        lastCommitWait = Duration.ofNanos(System.nanoTime() - published);
        return measured;
    }

    /** From the end of the last window until all its findings could be read (read_committed). */
    Duration lastCommitWait() {
        return lastCommitWait;
    }

    /** Waits until the service has published (or dead-lettered) {@code target} studies in all. */
    private static void awaitOutcomes(ServiceMetrics metrics, long target) {
        long deadline = System.nanoTime() + FINDINGS_WAIT.toNanos();
        while (metrics.published() + metrics.deadLettered() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (metrics.published() + metrics.deadLettered()) + " of "
                        + target + " studies published or dead-lettered within " + FINDINGS_WAIT.toMinutes()
                        + " minutes");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * A reader of every partition of the findings topic from the beginning, read_committed, without a
     * consumer group (assigned, so no join), with its positions already fetched: ready to poll.
     */
    private static KafkaConsumer<String, byte[]> findingsReader(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofMinutes(1))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            if (partitions.isEmpty()) {
                throw new IllegalStateException("findings topic '" + topic + "' has no partitions");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            for (TopicPartition tp : partitions) {
                consumer.position(tp, Duration.ofMinutes(1));
            }
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    private void awaitFindings(int count) {
        int seen = 0;
        long deadline = System.nanoTime() + FINDINGS_WAIT.toNanos();
        while (seen < count && System.nanoTime() < deadline) {
            seen += reader.poll(Duration.ofMillis(20)).count();
        }
        if (seen < count) {
            throw new IllegalStateException("only " + seen + " of " + count + " findings within "
                    + FINDINGS_WAIT.toMinutes() + " minutes");
        }
    }

    /** Closes the producer, the reader, the service, the registry client and the metrics, in that order. */
    @Override
    public void close() throws Exception {
        try (Observability o = observability; SchemaRegistry r = registry; StreamService s = service;
                KafkaConsumer<String, byte[]> c = reader; KafkaProducer<String, byte[]> p = producer) {
            p.flush();
        }
    }
}
