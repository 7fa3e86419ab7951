package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.dicom.StudyRef;
import org.medmoe.dicom.sr.StructuredReportWriter;
import org.medmoe.dicom.web.DicomJson;
import org.medmoe.dicom.web.DicomWebClient;
import org.medmoe.dicom.web.DicomWebConfig;
import org.medmoe.ingest.orthanc.BridgeConfig;
import org.medmoe.ingest.orthanc.KafkaBridgeSink;
import org.medmoe.ingest.orthanc.OrthancBridge;
import org.medmoe.ingest.orthanc.OrthancRest;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.devtools.embedded.EmbeddedOrthanc;

/**
 * SR write-back on real parts: a study stored in Orthanc, announced by the bridge and analysed by
 * the service with {@code sr.writeback.enabled}; the SR is found in the study with QIDO-RS, read
 * back with WADO-RS and accepted by dcmtk's dsrdump and dicom3tools' dciodvfy, and the bridge does
 * not announce the study again when Orthanc reports it stable once more because of our SR.
 */
@Tag("integration")
class SrWriteBackOrthancTest {
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
    void shouldStoreAnSrIntoTheStudyThatToolsAcceptAndThatTriggersNoSecondEvent() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> s = RunSettings.of("sr-", run, dir.resolve("state"));
        s.put(ConfigKeys.SR_WRITEBACK_ENABLED.name(), "true");
        // the PACS is the one trusted endpoint: the bridge's events name its DICOMweb root
        RunSettings.trusting(s, orthanc.dicomWebUrl());
        Config config = Config.of(s);
        SampleStudies.Sample sample = SampleStudies.write(EndToEndOrthancTest.MODEL, dir.resolve("studies")).get(1);

        try (SchemaRegistry registry = RegistryWiring.client(config)) {
            var serdes = RegistryWiring.serdes(config, registry);
            Map<String, Object> client = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestKafka.get().bootstrapServers());
            String stateTopic = "medmoe.bridge.state." + run;
            KafkaBridgeSink.createStateTopic(client, stateTopic, (short) 1);
            BridgeConfig bridgeConfig = new BridgeConfig("orthanc:sr", orthanc.dicomWebUrl(), 100,
                    StructuredReportWriter.MANUFACTURER);
            OrthancRest rest = new OrthancRest(orthanc.restUrl(), null, Duration.ofSeconds(10));
            String events = config.string(ConfigKeys.TOPIC_STUDY_EVENTS);
            Serde<StudyEvent> eventSerde = serdes.valueSerde(StudyEvent.class);

            // Given a study in the PACS, stable, and announced by the bridge
            long start = lastSeq();
            String orthancStudy = orthanc.upload(sample.folder().resolve("series-1/image-1.dcm"))
                    .path("ParentStudy").asText();
            awaitStable(orthancStudy, start);
            long afterFirstStable = lastSeq();
            try (KafkaBridgeSink sink = new KafkaBridgeSink(client, events, stateTopic, "orthanc:sr",
                    eventSerde.serializer());
                    StreamService service = StreamService.start(config, serdes)) {
                OrthancBridge bridge = new OrthancBridge(rest, sink, bridgeConfig, Clock.systemUTC());
                service.awaitRunning(Duration.ofSeconds(60));
                drain(bridge);
                assertThat(read(events, eventSerde, 1)).hasSize(1);

                // When the service has published the study's findings
                StudyFindings findings = read(config.string(ConfigKeys.TOPIC_FINDINGS),
                        serdes.valueSerde(StudyFindings.class), 1).get(0);

                // Then the SR is in the study: QIDO-RS finds our series, WADO-RS returns the instance
                DicomWebClient web = new DicomWebClient(DicomWebConfig.of(orthanc.dicomWebUrl()));
                StudyRef study = new StudyRef(sample.studyUid());
                List<DicomJson> srSeries = web.searchSeries(study, Map.of("Modality", "SR"));
                assertThat(srSeries).hasSize(1);
                String sop = StructuredReportWriter.sopInstanceUid(findings.getStudyInstanceUid(),
                        findings.getRevision(), findings.getProvenance().getModelName(),
                        findings.getProvenance().getModelVersion());
                byte[] sr = web.retrieveInstance(study.series(srSeries.get(0).string(DicomJson.SERIES_UID))
                        .instance(sop));
                Path file = dir.resolve("sr.dcm");
                Files.write(file, sr);

                // and two independent tools accept it
                String dump = run("dsrdump", "-Ee", "+Pt", file.toString());
                assertThat(dump).doesNotContain("E: ").contains("Comprehensive SR").contains("MACHINE-GENERATED")
                        .contains("TID 1500");
                String check = run("dciodvfy", file.toString());
                assertThat(check.lines().filter(l -> l.startsWith("Error"))).as(check).isEmpty();

                // and the write-back failed nowhere
                assertThat(read(config.string(ConfigKeys.TOPIC_DEAD_LETTERS), serdes.valueSerde(DeadLetter.class), 0))
                        .isEmpty();

                // and when Orthanc reports the study stable again because of our SR, the bridge
                // publishes no second event for it
                awaitStable(orthancStudy, afterFirstStable);
                drain(bridge);
                assertThat(read(events, eventSerde, 0)).extracting(StudyEvent::getStudyInstanceUid)
                        .containsExactly(sample.studyUid());
            }
        }
    }

    private static void drain(OrthancBridge bridge) throws Exception {
        while (bridge.pollOnce()) {
            // next batch of changes
        }
    }

    private static long lastSeq() {
        return orthanc.get("/changes?last").path("Last").asLong();
    }

    /** Waits, on Orthanc's change feed, for a StableStudy change of {@code orthancStudy} after {@code afterSeq}. */
    private static void awaitStable(String orthancStudy, long afterSeq) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long since = afterSeq;
        while (System.nanoTime() < deadline) {
            JsonNode changes = orthanc.get("/changes?since=" + since + "&limit=100");
            for (JsonNode c : changes.path("Changes")) {
                if ("StableStudy".equals(c.path("ChangeType").asText()) && orthancStudy.equals(c.path("ID").asText())) {
                    return;
                }
            }
            since = changes.path("Last").asLong(since);
            if (changes.path("Done").asBoolean(true)) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("study " + orthancStudy + " not reported stable after change " + afterSeq);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Committed records of {@code topic}, polling until {@code atLeast} (then a short extra poll). */
    private static <T> List<T> read(String topic, Serde<T> serde, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        return KafkaTestClients.readCommitted(p, List.of(topic), r -> true, atLeast, Duration.ofSeconds(90)).stream()
                .map(r -> serde.deserializer().deserialize(topic, r.value())).toList();
    }
}
