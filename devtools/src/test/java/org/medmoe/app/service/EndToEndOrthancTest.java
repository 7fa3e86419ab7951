package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.dicom.sr.StructuredReportWriter;
import org.medmoe.ingest.orthanc.BridgeConfig;
import org.medmoe.ingest.orthanc.KafkaBridgeSink;
import org.medmoe.ingest.orthanc.OrthancBridge;
import org.medmoe.ingest.orthanc.OrthancRest;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.Priority;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.TriageDecision;
import org.medmoe.devtools.embedded.EmbeddedOrthanc;

/**
 * The product end to end on real parts: sample studies stored in Orthanc, announced by the bridge,
 * analysed by the service (DICOMweb fetch, the bundled model), read back committed; a late series
 * gives a superseding revision, and a restart of the service in between loses and repeats nothing.
 */
@Tag("integration")
class EndToEndOrthancTest {
    static final Path MODEL = Path.of(System.getProperty("medmoe.project.dir", ".")).resolve("models/tiny");
    private static EmbeddedOrthanc orthanc;

    @TempDir
    Path dir;

    @BeforeAll
    static void startOrthanc() {
        orthanc = EmbeddedOrthanc.start();
    }

    @AfterAll
    static void stopOrthanc() {
        orthanc.close();
    }

    @Test
    void studiesStoredInOrthancComeOutAsFindingsTriageAndSupersedingRevisions() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> s = RunSettings.of("e2e-", run, dir.resolve("state"));
        // the PACS is the one trusted endpoint: the bridge's events name its DICOMweb root
        RunSettings.trusting(s, orthanc.dicomWebUrl());
        Config config = Config.of(s);
        List<SampleStudies.Sample> samples = SampleStudies.write(MODEL, dir.resolve("studies"));
        List<SampleStudies.Sample> used = List.of(samples.get(1), samples.get(2), samples.get(7));

        try (SchemaRegistry registry = RegistryWiring.client(config)) {
            var serdes = RegistryWiring.serdes(config, registry);
            Map<String, Object> client = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestKafka.get().bootstrapServers());
            String stateTopic = "medmoe.bridge.state." + run;
            KafkaBridgeSink.createStateTopic(client, stateTopic, (short) 1);
            BridgeConfig bridgeConfig = new BridgeConfig("orthanc:e2e", orthanc.dicomWebUrl(), 100,
                    StructuredReportWriter.MANUFACTURER);
            OrthancRest rest = new OrthancRest(orthanc.restUrl(), null, Duration.ofSeconds(10));

            // Given three studies in the PACS, announced by the bridge
            for (SampleStudies.Sample sample : used) {
                orthanc.upload(sample.folder().resolve("series-1/image-1.dcm"));
            }
            try (StreamService service = StreamService.start(config, serdes)) {
                service.awaitRunning(Duration.ofSeconds(60));
                bridgeUntil(rest, client, config, stateTopic, bridgeConfig, serdes, 3);
                List<StudyFindings> first = findings(config, serdes, 3);
                // Then each is answered as its picture shows, and triaged
                for (SampleStudies.Sample sample : used) {
                    StudyFindings f = first.stream().filter(x -> x.getStudyInstanceUid().equals(sample.studyUid()))
                            .findFirst().orElseThrow();
                    assertThat(sample.truth().wrong(f)).as(sample.description()).isEmpty();
                    assertThat(f.getSupersedesRevision()).isNull();
                    assertThat(f.getImages()).singleElement().satisfies(i ->
                            assertThat(i.getTimingsMillis()).containsKeys("fetch", "decode", "model"));
                }
                List<TriageDecision> decisions = read(config.string(ConfigKeys.TOPIC_TRIAGE), serdes.valueSerde(
                        TriageDecision.class), 3);
                assertThat(decisions.stream().filter(d -> d.getStudyInstanceUid().equals(samples.get(7).studyUid()))
                        .findFirst().orElseThrow().getPriority()).isEqualTo(Priority.URGENT);
            }

            // When a late series arrives while the service is down, and the service comes back
            SampleStudies.Sample mr = samples.get(2);
            SampleStudies.Sample late = SampleStudies.addLateSeries(mr, MODEL, "images/03-mri-right.png",
                    new SampleStudies.Truth("MRI", true, "right"));
            orthanc.upload(late.folder().resolve("series-2/image-1.dcm"));
            try (StreamService restarted = StreamService.start(config, serdes)) {
                restarted.awaitRunning(Duration.ofSeconds(60));
                bridgeUntil(rest, client, config, stateTopic, bridgeConfig, serdes, 4);
                List<StudyFindings> all = findings(config, serdes, 4);

                // Then the new revision supersedes the first, answers for the study as it now is,
                // and nothing was lost or published twice
                StudyFindings revised = all.stream().filter(f -> f.getStudyInstanceUid().equals(mr.studyUid())
                        && f.getSupersedesRevision() != null).findFirst().orElseThrow();
                assertThat(late.truth().wrong(revised)).isEmpty();
                assertThat(revised.getImages()).hasSize(2);
                Map<String, Long> perRevision = all.stream().collect(Collectors.groupingBy(
                        f -> f.getStudyInstanceUid() + "@" + f.getRevision(), Collectors.counting()));
                assertThat(perRevision).hasSize(4).allSatisfy((k, n) -> assertThat(n).as(k).isOne());
            }
        }
    }

    /** Runs the bridge until {@code events} events are on the events topic (Orthanc's StableAge first). */
    private static void bridgeUntil(OrthancRest rest, Map<String, Object> client, Config config, String stateTopic,
            BridgeConfig bridgeConfig, org.medmoe.topology.Topics.SerdeFactory serdes, int events) throws Exception {
        String topic = config.string(ConfigKeys.TOPIC_STUDY_EVENTS);
        try (KafkaBridgeSink sink = new KafkaBridgeSink(client, topic, stateTopic, "orthanc:e2e",
                serdes.valueSerde(StudyEvent.class).serializer())) {
            OrthancBridge bridge = new OrthancBridge(rest, sink, bridgeConfig, Clock.systemUTC());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read(topic, serdes.valueSerde(StudyEvent.class), 0).size() < events && System.nanoTime() < deadline) {
                while (bridge.pollOnce()) {
                    // drain the feed
                }
                Thread.sleep(250);
            }
        }
    }

    private static List<StudyFindings> findings(Config config, org.medmoe.topology.Topics.SerdeFactory serdes,
            int atLeast) {
        return read(config.string(ConfigKeys.TOPIC_FINDINGS), serdes.valueSerde(StudyFindings.class), atLeast);
    }

    /** Committed records of {@code topic}, polling until {@code atLeast} (then a short extra poll). */
    private static <T> List<T> read(String topic, org.apache.kafka.common.serialization.Serde<T> serde, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        return KafkaTestClients.readCommitted(p, List.of(topic), r -> true, atLeast, Duration.ofSeconds(90)).stream()
                .map(r -> serde.deserializer().deserialize(topic, r.value())).toList();
    }
}
