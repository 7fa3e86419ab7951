package org.medmoe.app;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.medmoe.analysis.AnalysisMetrics;
import org.medmoe.analysis.ModelGateway;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.embedded.EmbeddedKafka;
import org.medmoe.embedded.EmbeddedRegistry;
import org.medmoe.embedded.TempFiles;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.model.CandidateQuestion;
import org.medmoe.model.MedMoeModel;
import org.medmoe.model.PixelTensor;
import org.medmoe.model.Question;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.pipeline.PipelineLoader;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.StudyEvent;

/**
 * {@code medmoe bench pipeline}: N sample studies through the embedded stack (broker, registry,
 * topology, DICOM, model) against the same questions on the same images asked of the model alone,
 * for each batch size: studies per second and the overhead ratio pipeline time / model time.
 *
 * <p>The pipeline window runs from the first event produced to the last findings read; the service is
 * RUNNING with its output schemas resolved, and the findings reader (assigned to the topic's
 * partitions, no consumer group, read_committed) has its positions, before the window opens. It so
 * measures the service, not the benchmark's own reader or start-up.
 */
final class PipelineBenchmark {
    private final PrintStream out;
    private final Path modelDir;
    private final int studies;
    private final Map<String, String> settings;

    /** @param settings service settings for the pipeline runs; the batcher's wait applies to the model alone too */
    PipelineBenchmark(PrintStream out, Path modelDir, int studies, Map<String, String> settings) {
        this.out = out;
        this.modelDir = modelDir;
        this.studies = studies;
        this.settings = Map.copyOf(settings);
    }

    void run(List<Integer> batchSizes) throws Exception {
        Path work = Files.createTempDirectory("medmoe-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(out);
                EmbeddedRegistry registry = EmbeddedRegistry.start(Path.of(System.getProperty(
                        EmbeddedRegistry.HOME_PROPERTY, EmbeddedRegistry.DEFAULT_HOME)), out, Duration.ofMinutes(2))) {
            List<DemoStudies.Sample> samples = new ArrayList<>();
            for (int round = 0; samples.size() < studies; round++) {
                for (DemoStudies.Sample s : DemoStudies.write(modelDir, work.resolve("round-" + round), "round-" + round + "-")) {
                    if (samples.size() < studies) {
                        samples.add(s);
                    }
                }
            }
            out.printf("pipeline benchmark: %d studies (1 image, 3 questions each), model %s, %d CPUs, Java %s%n",
                    samples.size(), modelDir.getFileName(), Runtime.getRuntime().availableProcessors(),
                    Runtime.version());
            out.printf("%-6s %14s %14s %14s %10s %14s %14s%n", "batch", "pipeline s/st", "model s/st", "studies/s",
                    "overhead", "pipeline cpu", "model cpu");
            for (int batch : batchSizes) {
                Measure model = modelOnly(samples, batch);
                Measure pipeline = pipeline(samples, batch, kafka, registry, work.resolve("state-" + batch));
                out.printf(Locale.ROOT, "%-6d %14.4f %14.4f %14.1f %9.1f%% %14.4f %14.4f%n", batch, pipeline.wall(),
                        model.wall(), 1 / pipeline.wall(), (pipeline.wall() / model.wall() - 1) * 100, pipeline.cpu(),
                        model.cpu());
            }
            out.println("cpu: CPU seconds per study of this JVM (service, broker, model) over the same window; on a "
                    + "shared machine it varies less than the wall time");
        } finally {
            TempFiles.deleteRecursively(work);
        }
    }

    /** Wall-clock and process CPU seconds per study over one measured window. */
    private record Measure(double wall, double cpu) {
        static long cpuNanos() {
            return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                    .getProcessCpuTime();
        }

        static Measure since(long wallStart, long cpuStart, int studies) {
            return new Measure((System.nanoTime() - wallStart) / 1e9 / studies,
                    (cpuNanos() - cpuStart) / 1e9 / studies);
        }
    }

    /** Seconds per study to ask the model alone the prompt set's questions, study after study. */
    private Measure modelOnly(List<DemoStudies.Sample> samples, int batch) throws Exception {
        Map<String, String> values = new HashMap<>(settings);
        values.put(ConfigKeys.MODEL_DIR.name(), modelDir.toString());
        Config config = Config.of(values);
        Pipeline pipeline = PipelineLoader.load(AnalysisWiring.pipelineFile(config));
        try (MedMoeModel model = MedMoeModel.load(modelDir, AnalysisWiring.runtimeConfig(config));
                ModelGateway gateway = new ModelGateway(model, batch,
                        Duration.ofMillis(config.longValue(ConfigKeys.MODEL_BATCH_MAX_WAIT_MS)), AnalysisMetrics.NONE)) {
            Preprocessor pre = new Preprocessor(org.medmoe.model.ImagePreprocessor.spec(model.manifest()));
            List<PixelTensor> images = new ArrayList<>();
            for (DemoStudies.Sample s : samples) {
                int size = pre.spec().size();
                images.add(new PixelTensor(pre.apply(DemoStudies.readPng(s.keyImage())), 3, size, size));
            }
            Pipeline.PromptSet prompts = pipeline.promptSetFor("CT").orElseThrow();
            ask(gateway, prompts, images.subList(0, Math.min(4, images.size())));
            long cpu0 = Measure.cpuNanos();
            long t0 = System.nanoTime();
            ask(gateway, prompts, images);
            return Measure.since(t0, cpu0, images.size());
        }
    }

    /** Each image's questions as one request, as the service asks them, image after image. */
    private static void ask(ModelGateway gateway, Pipeline.PromptSet prompts, List<PixelTensor> images) {
        for (PixelTensor image : images) {
            List<CandidateQuestion> closed = new ArrayList<>();
            List<Question> open = new ArrayList<>();
            for (Pipeline.Question q : prompts.questions()) {
                if (q.kind() == Pipeline.Kind.CLOSED) {
                    closed.add(new CandidateQuestion(image, q.text(), q.candidates()));
                } else {
                    open.add(new Question(image, q.text(), q.maxNewTokens()));
                }
            }
            gateway.ask(closed, open).join();
        }
    }

    /**
     * Seconds per study through the whole service, from the first event published to the last findings
     * committed. The service has started (Streams RUNNING, output schemas resolved) and the findings
     * reader is ready before the window opens, so the window measures the service, not the reader.
     */
    private Measure pipeline(List<DemoStudies.Sample> samples, int batch, EmbeddedKafka kafka,
            EmbeddedRegistry registryProcess, Path state) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> s = new HashMap<>(settings);
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        s.put(ConfigKeys.REGISTRY_URL.name(), registryProcess.url());
        s.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "bench-" + run);
        s.put(ConfigKeys.KAFKA_STATE_DIR.name(), state.toString());
        s.put(ConfigKeys.MODEL_DIR.name(), modelDir.toString());
        s.put(ConfigKeys.MODEL_BATCH_MAX.name(), Integer.toString(batch));
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), "1");
        for (var key : List.of(ConfigKeys.TOPIC_STUDY_EVENTS, ConfigKeys.TOPIC_ACCEPTED, ConfigKeys.TOPIC_FINDINGS,
                ConfigKeys.TOPIC_TRIAGE, ConfigKeys.TOPIC_REPORT_DRAFTS, ConfigKeys.TOPIC_DEAD_LETTERS)) {
            s.put(key.name(), key.defaultValue() + "." + run);
        }
        Config config = Config.of(s);
        try (SchemaRegistry registry = RegistryWiring.client(config);
                StreamService service = StreamService.start(config, RegistryWiring.serdes(config, registry));
                KafkaConsumer<String, byte[]> reader = findingsReader(kafka.bootstrapServers(),
                        config.string(ConfigKeys.TOPIC_FINDINGS))) {
            service.awaitRunning(Duration.ofMinutes(1));
            var serde = RegistryWiring.serdes(config, registry).valueSerde(StudyEvent.class);
            String topic = config.string(ConfigKeys.TOPIC_STUDY_EVENTS);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            long cpu0 = Measure.cpuNanos();
            long t0 = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                for (DemoStudies.Sample sample : samples) {
                    StudyEvent e = DemoCommand.fileEvent(sample.studyUid(), 1, sample.dicomModality(), sample.folder(),
                            Instant.now());
                    producer.send(new ProducerRecord<>(topic, sample.studyUid(), serde.serializer().serialize(topic, e)));
                }
            }
            awaitFindings(reader, samples.size());
            return Measure.since(t0, cpu0, samples.size());
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
