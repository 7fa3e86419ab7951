package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.StreamsProperties;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.devtools.embedded.TestRegistry;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.StudyEvent;
import picocli.CommandLine;

/**
 * {@code medmoe read TOPIC} on a real broker and registry: committed records only, values decoded
 * through the registry, the study filter, {@code --max}, and the ways it ends.
 */
@Tag("integration")
class ReadCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "1.2.826.0.1.3680043.8.498.901";
    private static final String B = "1.2.826.0.1.3680043.8.498.902";

    @Test
    void shouldPrintCommittedRecordsAsJsonLinesDecodedThroughTheRegistry() throws Exception {
        // Given a topic of two partitions with a committed transaction (two events and bytes that are
        // not Avro) and an aborted one (a later revision of A)
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "read-it-" + run;
        Map<String, String> settings = Map.of(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(),
                TestKafka.get().bootstrapServers(), ConfigKeys.REGISTRY_URL.name(), TestRegistry.url());
        Config config = Config.of(settings);
        Properties client = StreamsProperties.client(config);
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Instant now = Instant.parse("2026-12-05T08:00:00Z");
        try (SchemaRegistry registry = RegistryWiring.client(config)) {
            var events = RegistryWiring.serdes(config, registry).valueSerde(StudyEvent.class).serializer();
            Properties p = new Properties();
            p.putAll(client);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "read-it-" + run);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, 0, A, events.serialize(topic, event(A, 1, now))));
                producer.send(new ProducerRecord<>(topic, 1, B, events.serialize(topic, event(B, 1, now))));
                producer.send(new ProducerRecord<>(topic, 1, "x", "not avro".getBytes(StandardCharsets.UTF_8)));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, 0, A, events.serialize(topic, event(A, 2, now))));
                producer.flush();
                producer.abortTransaction();
            }
        }

        // When it is read from the beginning
        Cli all = cli(settings, topic, "--from-beginning");

        // Then every committed record is one JSON line, the aborted one is not there
        assertThat(all.code).as(all.err).isZero();
        List<JsonNode> lines = all.json();
        assertThat(lines).hasSize(3);
        JsonNode a = lines.stream().filter(l -> A.equals(l.path("key").asText())).findFirst().orElseThrow();
        assertThat(a.get("topic").asText()).isEqualTo(topic);
        assertThat(a.get("partition").asInt()).isZero();
        assertThat(a.get("schemaId").asInt()).isPositive();
        assertThat(a.at("/value/studyInstanceUid").asText()).isEqualTo(A);
        assertThat(a.at("/value/revision").asLong()).isEqualTo(1);
        assertThat(a.at("/value/modalities/0").asText()).isEqualTo("CT");
        assertThat(a.at("/value/locator/kind").asText()).isEqualTo("FILE");
        assertThat(a.at("/value/eventTime").asText()).isEqualTo("2026-12-05T08:00:00Z");
        JsonNode bad = lines.stream().filter(l -> "x".equals(l.path("key").asText())).findFirst().orElseThrow();
        assertThat(bad.get("error").asText()).contains("not in the schema-registry wire format");
        assertThat(new String(java.util.Base64.getDecoder().decode(bad.get("valueBase64").asText()),
                StandardCharsets.UTF_8)).isEqualTo("not avro");

        // And the study filter, --max and the default start (only what comes from now on) select
        assertThat(cli(settings, topic, "--from-beginning", "--study", B).json())
                .singleElement().satisfies(l -> assertThat(l.at("/value/studyInstanceUid").asText()).isEqualTo(B));
        assertThat(cli(settings, topic, "--from-beginning", "--max", "1").json()).hasSize(1);
        Cli fromNow = cli(settings, topic);
        assertThat(fromNow.code).isZero();
        assertThat(fromNow.json()).isEmpty();

        // And --follow keeps reading until --timeout passes without a record
        Cli followed = cli(settings, topic, "--from-beginning", "--follow", "--timeout", "2");
        assertThat(followed.code).as(followed.err).isZero();
        assertThat(followed.json()).hasSize(3);

        // And a topic that does not exist is an error that says so
        Cli missing = cli(settings, "no-such-topic-" + run, "--from-beginning");
        assertThat(missing.code).isEqualTo(ReadCommand.EXIT_FAILED);
        assertThat(missing.err).contains("does not exist");
    }

    private static StudyEvent event(String uid, long revision, Instant now) {
        return SampleEvents.fileEvent(uid, revision, "CT", Path.of("/studies/" + revision), now);
    }

    /** Runs {@code medmoe read ARGS} in this JVM with {@code settings} as {@code --set} options. */
    private static Cli cli(Map<String, String> settings, String... args) {
        List<String> all = new ArrayList<>(List.of("read"));
        all.addAll(Arrays.asList(args));
        settings.forEach((k, v) -> {
            all.add("--set");
            all.add(k + "=" + v);
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int code = command.execute(all.toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }

    private record Cli(int code, String out, String err) {
        List<JsonNode> json() {
            return out.lines().filter(l -> !l.isBlank()).map(l -> {
                try {
                    return JSON.readTree(l);
                } catch (java.io.IOException e) {
                    throw new AssertionError("not JSON: " + l, e);
                }
            }).toList();
        }
    }
}
