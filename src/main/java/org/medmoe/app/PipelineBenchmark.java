package org.medmoe.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
import org.medmoe.embedded.EmbeddedKafka;
import org.medmoe.embedded.EmbeddedRegistry;
import org.medmoe.embedded.TempFiles;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.StudyEvent;

/**
 * {@code medmoe bench pipeline}: N sample studies through the embedded stack (broker, registry,
 * topology, DICOM, model) against the same questions on the same images asked of the model alone,
 * for each batch size: studies per second and the overhead ratio pipeline time / model time.
 *
 * <p>Both sides run with the same concurrency: the service with {@code threads} stream threads and
 * as many partitions, the model alone with as many studies in flight ({@link ModelAloneBenchmark}).
 * Both are warmed up first with {@code warmup} other studies (distinct UIDs), through the same running
 * service and model, so that the code on both sides is compiled before either window opens.
 *
 * <p>The pipeline window runs from the first measured event produced to the last of their findings
 * read. Before it opens the service is RUNNING with its output schemas resolved, has published the
 * findings of every warm-up study (and the findings reader, assigned to the topic's partitions, no
 * consumer group, read_committed, has read them), and the measured events are already serialized. It
 * so measures the service, not the benchmark's own reader, producer or start-up.
 */
final class PipelineBenchmark {
    private final PrintStream out;
    private final Path modelDir;
    private final Plan plan;
    private final Map<String, String> settings;

    /**
     * Studies measured and warmed up with, and stream threads (and partitions) of the service.
     *
     * @param studies studies in each measured window
     * @param warmup studies run through each side before its window (0: none)
     * @param threads stream threads and partitions of the service, and studies in flight on the model alone
     */
    record Plan(int studies, int warmup, int threads) {
        Plan {
            if (studies < 1 || warmup < 0 || threads < 1) {
                throw new IllegalArgumentException("--studies and --threads must be at least 1, --warmup at least 0 "
                        + "(were " + studies + ", " + threads + ", " + warmup + ")");
            }
        }
    }

    /** @param settings service settings for the pipeline runs; the batcher's wait applies to the model alone too */
    PipelineBenchmark(PrintStream out, Path modelDir, Plan plan, Map<String, String> settings) {
        this.out = out;
        this.modelDir = modelDir;
        this.plan = plan;
        this.settings = Map.copyOf(settings);
    }

    void run(List<Integer> batchSizes) throws Exception {
        Path work = Files.createTempDirectory("medmoe-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(out);
                EmbeddedRegistry registry = EmbeddedRegistry.start(Path.of(System.getProperty(
                        EmbeddedRegistry.HOME_PROPERTY, EmbeddedRegistry.DEFAULT_HOME)), out, Duration.ofMinutes(2))) {
            List<DemoStudies.Sample> warmup = samples(work.resolve("warmup"), "warmup-", plan.warmup());
            List<DemoStudies.Sample> measured = samples(work.resolve("measured"), "", plan.studies());
            out.printf("pipeline benchmark: %d studies after %d warm-up studies (1 image, 3 questions each), "
                    + "%d stream thread(s) and partition(s), model %s, %d CPUs, Java %s%n", measured.size(),
                    warmup.size(), plan.threads(), modelDir.getFileName(), Runtime.getRuntime().availableProcessors(),
                    Runtime.version());
            out.printf("%-6s %14s %14s %14s %10s %14s %14s %14s %14s%n", "batch", "pipeline s/st", "model s/st",
                    "studies/s", "overhead", "pipeline cpu", "model cpu", "pipeline jit", "model jit");
            ModelAloneBenchmark modelAlone = new ModelAloneBenchmark(modelDir, settings, plan.threads());
            for (int batch : batchSizes) {
                WindowMeasure model = modelAlone.run(warmup, measured, batch);
                WindowMeasure pipeline = pipeline(warmup, measured, batch, kafka, registry, work.resolve("state-" + batch));
                out.printf(Locale.ROOT, "%-6d %14.4f %14.4f %14.1f %9.1f%% %14.4f %14.4f %14.4f %14.4f%n", batch,
                        pipeline.wall(), model.wall(), 1 / pipeline.wall(), (pipeline.wall() / model.wall() - 1) * 100,
                        pipeline.cpu(), model.cpu(), pipeline.jit(), model.jit());
            }
            out.println("cpu: CPU seconds per study of this JVM (service, broker, model) over the same window; on a "
                    + "shared machine it varies less than the wall time. jit: of that, the JIT compiler threads' CPU "
                    + "seconds per study (code still being compiled after the warm-up)");
        } finally {
            TempFiles.deleteRecursively(work);
        }
    }

    /** {@code count} sample studies under {@code root}, their UIDs made distinct by {@code prefix} and a round. */
    private List<DemoStudies.Sample> samples(Path root, String prefix, int count) throws Exception {
        List<DemoStudies.Sample> samples = new ArrayList<>();
        for (int round = 0; samples.size() < count; round++) {
            String variant = prefix + "round-" + round + "-";
            for (DemoStudies.Sample s : DemoStudies.write(modelDir, root.resolve("round-" + round), variant)) {
                if (samples.size() < count) {
                    samples.add(s);
                }
            }
        }
        return samples;
    }

    /**
     * Seconds per study through the whole service, from the first measured event published to the last
     * of their findings read. The service has started, published the warm-up studies' findings and the
     * reader has read them before the window opens (see the class comment).
     */
    private WindowMeasure pipeline(List<DemoStudies.Sample> warmup, List<DemoStudies.Sample> measured, int batch,
            EmbeddedKafka kafka, EmbeddedRegistry registryProcess, Path state) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> s = new HashMap<>(settings);
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        s.put(ConfigKeys.REGISTRY_URL.name(), registryProcess.url());
        s.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "bench-" + run);
        s.put(ConfigKeys.KAFKA_STATE_DIR.name(), state.toString());
        s.put(ConfigKeys.MODEL_DIR.name(), modelDir.toString());
        s.put(ConfigKeys.MODEL_BATCH_MAX.name(), Integer.toString(batch));
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), Integer.toString(plan.threads()));
        s.put(ConfigKeys.KAFKA_STREAM_THREADS.name(), Integer.toString(plan.threads()));
        for (var key : List.of(ConfigKeys.TOPIC_STUDY_EVENTS, ConfigKeys.TOPIC_ACCEPTED, ConfigKeys.TOPIC_FINDINGS,
                ConfigKeys.TOPIC_TRIAGE, ConfigKeys.TOPIC_REPORT_DRAFTS, ConfigKeys.TOPIC_DEAD_LETTERS)) {
            s.put(key.name(), key.defaultValue() + "." + run);
        }
        Config config = Config.of(s);
        String topic = config.string(ConfigKeys.TOPIC_STUDY_EVENTS);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (SchemaRegistry registry = RegistryWiring.client(config);
                StreamService service = StreamService.start(config, RegistryWiring.serdes(config, registry));
                KafkaConsumer<String, byte[]> reader = findingsReader(kafka.bootstrapServers(),
                        config.string(ConfigKeys.TOPIC_FINDINGS));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                        new ByteArraySerializer())) {
            service.awaitRunning(Duration.ofMinutes(1));
            var serializer = RegistryWiring.serdes(config, registry).valueSerde(StudyEvent.class).serializer();
            List<ProducerRecord<String, byte[]>> warmupEvents = events(warmup, topic, serializer);
            List<ProducerRecord<String, byte[]>> measuredEvents = events(measured, topic, serializer);
            warmupEvents.forEach(producer::send);
            producer.flush();
            awaitFindings(reader, warmupEvents.size());
            double jit0 = WindowMeasure.jitSeconds();
            long cpu0 = WindowMeasure.cpuNanos();
            long t0 = System.nanoTime();
            measuredEvents.forEach(producer::send);
            producer.flush();
            awaitFindings(reader, measuredEvents.size());
            return WindowMeasure.since(t0, cpu0, jit0, measuredEvents.size());
        }
    }

    private static List<ProducerRecord<String, byte[]>> events(List<DemoStudies.Sample> samples, String topic,
            Serializer<StudyEvent> serializer) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (DemoStudies.Sample sample : samples) {
            StudyEvent e = DemoCommand.fileEvent(sample.studyUid(), 1, sample.dicomModality(), sample.folder(),
                    Instant.now());
            out.add(new ProducerRecord<>(topic, sample.studyUid(), serializer.serialize(topic, e)));
        }
        return out;
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

    private static void awaitFindings(KafkaConsumer<String, byte[]> reader, int count) {
        int seen = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (seen < count && System.nanoTime() < deadline) {
            seen += reader.poll(Duration.ofMillis(20)).count();
        }
        if (seen < count) {
            throw new IllegalStateException("only " + seen + " of " + count + " findings within 10 minutes");
        }
    }
}
