package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.medmoe.app.config.Config;
import org.medmoe.app.service.OrthancBridgeRunner;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.devtools.embedded.TestRegistry;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.StudyEvent;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.pacs.FreshStudies;
import org.medmoe.devtools.embedded.EmbeddedOrthanc;
import picocli.CommandLine;

/**
 * {@code bridge orthanc} configured like the service (keys through {@code --set}, one shorthand
 * option) on a real Orthanc, the embedded broker and the real registry: a study stored in the
 * PACS comes out as one StudyEvent on the configured topic, in the registry's wire format.
 */
@Tag("integration")
class BridgeCommandTest {

    private final EmbeddedOrthanc orthanc = EmbeddedOrthanc.shared();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void shouldPublishAStoredStudyOnTheConfiguredTopic() throws Exception {
        // Given the bridge command, configured with service keys
        BridgeCommand.Orthanc command = new BridgeCommand.Orthanc();
        new CommandLine(command).parseArgs("--url", orthanc.restUrl().toString(),
                "--set", "kafka.bootstrap.servers=" + TestKafka.get().bootstrapServers(),
                "--set", "registry.url=" + TestRegistry.url(),
                "--set", "topics.study.events=bridge-cmd.events." + run,
                "--set", "bridge.state.topic=bridge-cmd.state." + run,
                "--set", "bridge.source=orthanc:cmd-" + run,
                "--set", "bridge.poll.interval.ms=200");
        Config config = command.config();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread bridge = new Thread(() -> {
            try {
                OrthancBridgeRunner.run(config, stop::get);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "bridge-under-test");
        bridge.start();

        // When a new study is stored in the PACS
        byte[] copy = FreshStudies.copy(DebianSamples.pydicom("MR_small_expb.dcm"));
        String uid = new DicomImageReader(DecodeLimits.defaults()).readHeader(copy).studyInstanceUid();
        orthanc.upload(copy);

        // Then its event is published once it is stable, pointing at Orthanc's DICOMweb root
        List<StudyEvent> events;
        try (SchemaRegistry registry = RegistryWiring.client(config)) {
            Deserializer<StudyEvent> deserializer = RegistryWiring.serdes(config, registry)
                    .valueSerde(StudyEvent.class).deserializer();
            events = eventsOf(uid, "bridge-cmd.events." + run, deserializer, failure);
        } finally {
            stop.set(true);
            bridge.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(failure.get()).as("bridge failure").isNull();
        assertThat(bridge.isAlive()).as("bridge stopped").isFalse();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getSource()).isEqualTo("orthanc:cmd-" + run);
        assertThat(events.get(0).getLocator().getUri()).isEqualTo(orthanc.dicomWebUrl().toString());
    }

    /** Reads the topic (read_committed) until the study's event is there, the bridge failed, or a minute passed. */
    private static List<StudyEvent> eventsOf(String uid, String topic, Deserializer<StudyEvent> deserializer,
            AtomicReference<Throwable> failure) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bridge-cmd-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<StudyEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<String, StudyEvent> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                deserializer)) {
            consumer.subscribe(List.of(topic));
            while (out.isEmpty() && failure.get() == null && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().equals(uid)) {
                        out.add(r.value());
                    }
                });
            }
            // anything else for this study that is already committed
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                if (r.key().equals(uid)) {
                    out.add(r.value());
                }
            });
        }
        return out;
    }
}
