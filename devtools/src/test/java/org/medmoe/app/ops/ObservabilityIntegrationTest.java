package org.medmoe.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.service.AnalysisWiring;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.ServiceTestConfig;
import org.medmoe.app.service.StreamService;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ExpertRouting;
import org.medmoe.schema.ImageFinding;
import org.medmoe.schema.StatusCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.topology.TopicNames;
import org.slf4j.LoggerFactory;

/**
 * The service on a real broker, registry and the bundled model, watched from outside: /metrics is
 * scraped before and after a handful of studies (and inputs that must be dead-lettered), and every
 * log line of the run is captured. The counters must move by exactly what was published, and no
 * line may carry the patient's name or ID that the DICOM files hold.
 */
@Tag("integration")
class ObservabilityIntegrationTest {
    /** Made up, and distinctive enough that no log line contains them by chance. */
    static final SampleStudies.Patient PATIENT = new SampleStudies.Patient("Quokkafield^Zebulon^Xaver", "PID-7Q3-ZEBULON");
    static final int STUDIES = 4;

    @TempDir
    static Path dir;

    private static final CapturingAppender LOGS = new CapturingAppender();
    private static Level medmoeLevel;
    private static TopicNames topics;
    private static PrometheusText before;
    private static PrometheusText after;
    private static final List<StudyFindings> FINDINGS = new ArrayList<>();
    private static final List<DeadLetter> LETTERS = new ArrayList<>();
    /** Study UID to "partition offset" of its first event on the input topic, which analysis follows in the same task. */
    private static final Map<String, String> ACCEPTED = new HashMap<>();
    private static final List<String> UIDS = new ArrayList<>();
    private static String corruptUid;

    /** Keeps every event, with its MDC and message fixed on the thread that logged it. */
    static final class CapturingAppender extends ListAppender<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    }

    @BeforeAll
    static void runStudiesThroughTheService() throws Exception {
        Logger root = rootLogger();
        LOGS.setContext(root.getLoggerContext());
        LOGS.start();
        root.addAppender(LOGS);
        Logger medmoe = root.getLoggerContext().getLogger("org.medmoe");
        medmoeLevel = medmoe.getLevel();
        medmoe.setLevel(Level.DEBUG);

        Config config = ServiceTestConfig.of("observe-it", UUID.randomUUID().toString().substring(0, 8),
                dir.resolve("state"), 2);
        topics = StreamService.topicNames(config);
        List<SampleStudies.Sample> samples = SampleStudies.write(AnalysisWiring.modelDir(config), dir.resolve("studies"),
                config.string(ConfigKeys.KAFKA_APPLICATION_ID) + "-", PATIENT).subList(0, STUDIES);
        SampleStudies.Sample corrupt = SampleStudies.writeCorrupt(dir.resolve("corrupt"), samples.get(0).keyImage(),
                PATIENT);
        corruptUid = corrupt.studyUid();
        Instant now = Instant.now();
        try (Observability observability = new Observability();
                OpsHttpServer http = OpsHttpServer.start(config, observability::scrape, observability.health());
                SchemaRegistry registry = RegistryWiring.client(config)) {
            var serdes = RegistryWiring.serdes(config, registry);
            Serde<StudyEvent> events = serdes.valueSerde(StudyEvent.class);
            try (StreamService service = StreamService.start(config, serdes, observability)) {
                service.awaitRunning(Duration.ofSeconds(90));
                before = scrape(http.port());

                List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
                for (SampleStudies.Sample s : samples) {
                    UIDS.add(s.studyUid());
                    records.add(record(s.studyUid(), events.serializer().serialize(topics.studyEvents(),
                            SampleEvents.fileEvent(s.studyUid(), 1, s.dicomModality(), s.folder(), now))));
                }
                records.add(records.get(0)); // a repeat: dropped at intake, counted nowhere
                records.add(record(corruptUid, events.serializer().serialize(topics.studyEvents(),
                        SampleEvents.fileEvent(corruptUid, 1, "CT", corrupt.folder(), now))));
                records.add(record("1.2.3.4", "not avro".getBytes(StandardCharsets.UTF_8)));
                produce(records);

                readOutputs(serdes.valueSerde(StudyFindings.class), serdes.valueSerde(DeadLetter.class), events,
                        Duration.ofMinutes(3));
                after = scrape(http.port());
            }
        } finally {
            root.detachAppender(LOGS);
            medmoe.setLevel(medmoeLevel);
        }
    }

    @AfterAll
    static void stopCapturing() {
        LOGS.stop();
    }

    @Test
    void studiesImagesAndPartialFindingsMoveByWhatWasPublished() {
        assertThat(FINDINGS).extracting(StudyFindings::getStudyInstanceUid).containsExactlyInAnyOrderElementsOf(UIDS);
        long complete = FINDINGS.stream().filter(f -> f.getStatus().getCode() == StatusCode.COMPLETE).count();
        long images = FINDINGS.stream().mapToLong(f -> f.getImages().size()).sum();
        long missing = FINDINGS.stream().filter(f -> f.getStatus().getCode() == StatusCode.PARTIAL)
                .mapToLong(f -> f.getStatus().getReasons().size()).sum();

        assertThat(complete).as("the tiny model answers every question well within the budget").isEqualTo(STUDIES);
        assertThat(delta("medmoe_studies_total", Map.of("status", "COMPLETE"))).isEqualTo(complete);
        assertThat(delta("medmoe_studies_total", Map.of("status", "PARTIAL"))).isEqualTo(STUDIES - complete);
        assertThat(delta("medmoe_images_total", Map.of())).isEqualTo(images).isEqualTo(STUDIES);
        assertThat(delta("medmoe_partial_findings_total", Map.of())).isEqualTo(missing);
        assertThat(delta("medmoe_study_seconds_count", Map.of())).isEqualTo(STUDIES);
    }

    @Test
    void deadLettersAreCountedByStageAndReasonAsTheTopicHasThem() {
        Map<String, Long> onTopic = LETTERS.stream().collect(Collectors.groupingBy(
                l -> l.getStage() + "/" + l.getReason(), Collectors.counting()));
        assertThat(onTopic).isEqualTo(Map.of("intake/UNDECODABLE_RECORD", 1L, "decode/DICOM_CORRUPT", 1L));

        assertThat(delta("medmoe_dead_letters_total", Map.of("stage", "intake", "reason", "UNDECODABLE_RECORD")))
                .isEqualTo(1);
        assertThat(delta("medmoe_dead_letters_total", Map.of("stage", "decode", "reason", "DICOM_CORRUPT")))
                .isEqualTo(1);
        assertThat(delta("medmoe_dead_letters_total", Map.of())).isEqualTo(2);
    }

    @Test
    void stageHistogramsCountEveryRunOfTheirStage() {
        long images = FINDINGS.stream().mapToLong(f -> f.getImages().size()).sum();
        double batches = delta("medmoe_batch_size_count", Map.of());

        // every selected instance is fetched, the corrupt one too; it fails at decode
        assertThat(delta("medmoe_stage_seconds_count", Map.of("stage", "fetch"))).isEqualTo(STUDIES + 1);
        assertThat(delta("medmoe_stage_seconds_count", Map.of("stage", "decode"))).isEqualTo(STUDIES);
        assertThat(delta("medmoe_stage_seconds_count", Map.of("stage", "prepare"))).isEqualTo(STUDIES);
        assertThat(delta("medmoe_stage_seconds_count", Map.of("stage", "publish"))).isEqualTo(STUDIES);
        // the model's stages run once per batch, and every image asked (with all its questions) is one
        // request of a batch
        assertThat(batches).isPositive();
        assertThat(delta("medmoe_batch_size_sum", Map.of())).isEqualTo(images);
        assertThat(delta("medmoe_batch_queue_wait_seconds_count", Map.of())).isEqualTo(batches);
        for (String stage : List.of("model_vision", "model_prefill", "model_decode")) {
            assertThat(delta("medmoe_stage_seconds_count", Map.of("stage", stage))).as(stage).isEqualTo(batches);
        }
        assertThat(after.sum("medmoe_stage_seconds_bucket", Map.of("stage", "fetch", "le", "+Inf")))
                .isEqualTo(after.sum("medmoe_stage_seconds_count", Map.of("stage", "fetch")));
    }

    @Test
    void expertRoutingCountsAddUpToTheRoutedTokensInEveryMoeLayer() {
        double routed = delta("medmoe_routed_tokens_total", Map.of());
        Set<String> layers = new TreeSet<>();
        for (ImageFinding image : FINDINGS.stream().flatMap(f -> f.getImages().stream()).toList()) {
            image.getRouting().forEach(r -> layers.add(Integer.toString(r.getLayer())));
        }
        long publishedTokens = FINDINGS.stream().flatMap(f -> f.getImages().stream())
                .mapToLong(i -> i.getRouting().get(0).getTokens()).sum();

        assertThat(layers).isNotEmpty();
        assertThat(after.samples("medmoe_expert_tokens_total")).extracting(s -> s.labels().get("layer"))
                .isSubsetOf(layers);
        for (String layer : layers) {
            assertThat(delta("medmoe_expert_tokens_total", Map.of("layer", layer, "rank", "1"))).as("layer " + layer)
                    .isEqualTo(routed);
        }
        // the findings carry the routing of one request per image; the counters have every request's
        assertThat(routed).isGreaterThan(publishedTokens);
        assertThat(FINDINGS.get(0).getImages().get(0).getRouting()).extracting(ExpertRouting::getTokens)
                .allSatisfy(t -> assertThat(t).isPositive());
    }

    @Test
    void executionProviderReadinessAndKafkaStreamsMetricsAreServed() {
        String provider = FINDINGS.get(0).getProvenance().getExecutionProvider();
        assertThat(after.sum("medmoe_model_execution_provider", Map.of("provider", provider))).isEqualTo(1);
        assertThat(after.sum("medmoe_ready")).isEqualTo(1);
        assertThat(after.names()).as("Kafka Streams' own metrics")
                .anyMatch(n -> n.startsWith("kafka_stream_thread_"))
                .contains("kafka_consumer_fetch_manager_records_lag_max");
        assertThat(after.names()).contains("jvm_memory_used_bytes");
    }

    @Test
    void noLogLineCarriesThePatientsNameOrId() {
        Layout<ILoggingEvent> layout = consoleLayout();
        List<String> lines = LOGS.list.stream().map(e -> layout.doLayout(e) + (e.getThrowableProxy() == null ? ""
                : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();

        assertThat(lines).as("the run logged").hasSizeGreaterThan(STUDIES);
        for (String part : List.of(PATIENT.name(), PATIENT.id(), "Quokkafield", "ZEBULON")) {
            assertThat(lines).as("lines with " + part).noneMatch(l -> l.toLowerCase().contains(part.toLowerCase()));
        }
    }

    @Test
    void everyStudyHasExactlyOneOutcomeLineWithItsRecordCoordinates() {
        Layout<ILoggingEvent> layout = consoleLayout();
        List<String> studies = new ArrayList<>(UIDS);
        studies.add(corruptUid);
        for (String uid : studies) {
            List<ILoggingEvent> outcome = LOGS.list.stream()
                    .filter(e -> e.getLoggerName().endsWith(".AnalysisProcessor"))
                    .filter(e -> e.getFormattedMessage().startsWith("outcome "))
                    .filter(e -> uid.equals(e.getMDCPropertyMap().get("study"))).toList();
            assertThat(outcome).as("outcome lines of " + uid).hasSize(1);
            String[] record = ACCEPTED.get(uid).split(" ");
            String line = layout.doLayout(outcome.get(0));
            assertThat(line).contains(" [study=" + uid + " revision=1 topic=" + topics.studyEvents() + " partition="
                    + record[0] + " offset=" + record[1] + "]");
            if (uid.equals(corruptUid)) {
                assertThat(line).contains("WARN").contains("outcome DEAD_LETTER DICOM_CORRUPT at stage decode");
            } else {
                assertThat(line).contains("INFO").contains("outcome COMPLETE: 1 image(s)").contains("timings ms plan=")
                        .contains(" total=").contains(" publish=");
            }
        }
    }

    private static double delta(String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    static PrometheusText scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + OpsHttpServer.METRICS)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return PrometheusText.parse(r.body());
    }

    private static ProducerRecord<String, byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(topics.studyEvents(), key, value);
    }

    private static void produce(List<ProducerRecord<String, byte[]>> records) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (var r : records) {
                producer.send(r).get();
            }
        }
    }

    /** Committed findings, dead letters and accepted events, until all expected are in or the timeout. */
    private static void readOutputs(Serde<StudyFindings> findings, Serde<DeadLetter> letters,
            Serde<StudyEvent> events, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.findings(), topics.deadLetters(), topics.studyEvents()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while ((FINDINGS.size() < STUDIES || LETTERS.size() < 2 || ACCEPTED.size() < STUDIES + 1)
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.topic().equals(topics.findings())) {
                        FINDINGS.add(findings.deserializer().deserialize(r.topic(), r.value()));
                    } else if (r.topic().equals(topics.deadLetters())) {
                        LETTERS.add(letters.deserializer().deserialize(r.topic(), r.value()));
                    } else if (r.value() != null && r.value().length > 0 && r.value()[0] == 0) {
                        // The input event each study's analysis follows (the first one: a repeat is dropped)
                        StudyEvent e = events.deserializer().deserialize(r.topic(), r.value());
                        ACCEPTED.putIfAbsent(e.getStudyInstanceUid(), r.partition() + " " + r.offset());
                    }
                }
            }
        }
    }

    private static Logger rootLogger() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** The layout of the configured console appender: the pattern the tests log with (the service's). */
    @SuppressWarnings("unchecked")
    private static Layout<ILoggingEvent> consoleLayout() {
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) rootLogger().getAppender("STDOUT");
        return ((PatternLayoutEncoder) console.getEncoder()).getLayout();
    }
}
