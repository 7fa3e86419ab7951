package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.service.KafkaTestClients;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.RunSettings;
import org.medmoe.app.service.StreamService;
import org.medmoe.app.service.StreamsProperties;
import org.medmoe.devtools.samples.SampleEvents;
import org.medmoe.devtools.samples.SampleStudies;
import org.medmoe.model.TinyModel;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.topology.Topics;
import picocli.CommandLine;

/**
 * {@code medmoe dead-letters list|replay} on a real broker and registry, with dead letters made by
 * the running topology: list and filter them, fix a study's cause, replay it (twice) and get its
 * findings once.
 */
@Tag("integration")
class DeadLettersCommandTest {
    private static final Path MODEL = TinyModel.dir();

    @TempDir
    Path dir;

    @Test
    void shouldListFilterAndReplayDeadLettersSoThatAFixedStudyIsAnalysedOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = settings(run);
        Config config = Config.of(settings);
        String events = config.string(ConfigKeys.TOPIC_STUDY_EVENTS);
        String deadTopic = config.string(ConfigKeys.TOPIC_DEAD_LETTERS);
        String findingsTopic = config.string(ConfigKeys.TOPIC_FINDINGS);
        // Sample studies are written later, into a folder the first event already points at
        Path later = dir.resolve("later");
        SampleStudies.Sample sample = SampleStudies.write(MODEL, dir.resolve("probe")).get(2);
        Path studyFolder = later.resolve(dir.resolve("probe").relativize(sample.folder()));

        try (SchemaRegistry registry = RegistryWiring.client(config);
                StreamService service = StreamService.start(config, RegistryWiring.serdes(config, registry))) {
            service.awaitRunning(Duration.ofSeconds(60));
            Topics.SerdeFactory serdes = RegistryWiring.serdes(config, registry);
            var eventSerializer = serdes.valueSerde(StudyEvent.class).serializer();
            var letters = serdes.valueSerde(DeadLetter.class).deserializer();
            Instant before = Instant.now();

            // Given a study whose files are not there yet, bytes that are not Avro and an invalid event
            StudyEvent missing = SampleEvents.fileEvent(sample.studyUid(), 1, sample.dicomModality(), studyFolder,
                    Instant.now());
            StudyEvent invalid = SampleEvents.fileEvent("1.2.3.x", 1, "CT", studyFolder, Instant.now());
            KafkaTestClients.produce(StreamsProperties.client(config), List.of(
                    new ProducerRecord<>(events, sample.studyUid(), eventSerializer.serialize(events, missing)),
                    new ProducerRecord<>(events, "1.2.3.4", "not avro".getBytes(StandardCharsets.UTF_8)),
                    new ProducerRecord<>(events, "1.2.3.x", eventSerializer.serialize(events, invalid))));
            List<ConsumerRecord<String, byte[]>> dead = KafkaTestClients.readCommitted(
                    StreamsProperties.client(config), List.of(deadTopic), r -> true, 3, Duration.ofSeconds(90));
            assertThat(dead).hasSize(3);

            // When listing them
            Cli all = cli(settings, "list");
            // Then each is one line with its origin, study, stage, reason and attempts
            assertThat(all.code).as(all.err).isZero();
            assertThat(all.lines()).hasSize(3);
            assertThat(all.out).contains("from " + events + "/", "study " + sample.studyUid(), "plan",
                    "PACS_NOT_FOUND", "attempts 1", "study folder " + studyFolder + " does not exist")
                    .contains("from " + events + "/", "intake", "UNDECODABLE_RECORD", "BAD_EVENT");

            // And the filters select by reason, stage and time, as JSON when asked
            Cli notFound = cli(settings, "list", "--json", "--reason", "pacs_not_found");
            assertThat(notFound.lines()).singleElement().satisfies(line -> {
                JsonNode json = new ObjectMapper().readTree(line);
                assertThat(json.get("originalTopic").asText()).isEqualTo(events);
                assertThat(json.get("studyKey").asText()).isEqualTo(sample.studyUid());
                assertThat(json.get("revision").asLong()).isEqualTo(1);
                assertThat(json.get("stage").asText()).isEqualTo("plan");
                assertThat(json.get("attempts").asInt()).isEqualTo(1);
                assertThat(Instant.parse(json.get("time").asText())).isAfterOrEqualTo(before.minusSeconds(1));
            });
            assertThat(cli(settings, "list", "--stage", "intake").lines()).hasSize(2);
            assertThat(cli(settings, "list", "--since", Instant.now().plusSeconds(3600).toString()).lines()).isEmpty();
            assertThat(cli(settings, "list", "--since", "PT1H", "--reason", "BAD_EVENT,UNDECODABLE_RECORD")
                    .lines()).hasSize(2);
            Cli badReason = cli(settings, "list", "--reason", "PACS_DOWN");
            assertThat(badReason.code).isEqualTo(DeadLettersCommand.EXIT_FAILED);
            assertThat(badReason.err).contains("unknown reason code 'PACS_DOWN'", "PACS_UNREACHABLE");

            // When the study's files arrive and its dead letter is replayed: first dry, then twice for real
            SampleStudies.write(MODEL, later);
            assertThat(Files.isDirectory(studyFolder)).isTrue();
            Cli dry = cli(settings, "replay", "--reason", "PACS_NOT_FOUND", "--dry-run");
            assertThat(dry.out).contains("would replay: dead-letter", "-> " + events, "nothing published (dry run)");
            Cli first = cli(settings, "replay", "--reason", "PACS_NOT_FOUND");
            assertThat(first.code).as(first.err).isZero();
            assertThat(first.out).contains("replayed: dead-letter", "-> " + events,
                    "1 of 1 selected dead letter(s) replayed in one transaction");
            List<ConsumerRecord<String, byte[]>> findings = KafkaTestClients.readCommitted(
                    StreamsProperties.client(config), List.of(findingsTopic), r -> true, 1, Duration.ofSeconds(90));
            Cli second = cli(settings, "replay", "--reason", "PACS_NOT_FOUND");
            assertThat(second.code).as(second.err).isZero();

            // Then the study is analysed once, as its picture shows, and no new dead letter is written for it
            List<ConsumerRecord<String, byte[]>> findingsAfter = KafkaTestClients.readCommitted(
                    StreamsProperties.client(config), List.of(findingsTopic), r -> true, 2, Duration.ofSeconds(15));
            assertThat(findings).hasSize(1);
            assertThat(findingsAfter).hasSize(1);
            StudyFindings f = serdes.valueSerde(StudyFindings.class).deserializer().deserialize(findingsTopic,
                    findingsAfter.get(0).value());
            assertThat(f.getStudyInstanceUid()).isEqualTo(sample.studyUid());
            assertThat(sample.truth().wrong(f)).isEmpty();

            // When the undecodable record is replayed by its position: it is still broken, so it comes
            // back, with one attempt more
            ConsumerRecord<String, byte[]> undecodable = dead.stream().filter(r -> letters.deserialize(deadTopic,
                    r.value()).getReason() == ReasonCode.UNDECODABLE_RECORD).findFirst().orElseThrow();
            Cli byPosition = cli(settings, "replay", "--partition", String.valueOf(undecodable.partition()),
                    "--offset", String.valueOf(undecodable.offset()));
            assertThat(byPosition.out).contains("1 of 1 selected dead letter(s) replayed", "-> " + events);
            List<DeadLetter> deadAfter = KafkaTestClients.readCommitted(StreamsProperties.client(config),
                    List.of(deadTopic), r -> true, 4, Duration.ofSeconds(60)).stream()
                    .map(r -> letters.deserialize(deadTopic, r.value())).toList();
            assertThat(deadAfter).extracting(l -> l.getReason() + "/" + l.getAttempts()).containsExactlyInAnyOrder(
                    "PACS_NOT_FOUND/1", "UNDECODABLE_RECORD/1", "BAD_EVENT/1", "UNDECODABLE_RECORD/2");
            assertThat(cli(settings, "list", "--reason", "UNDECODABLE_RECORD").out).contains("attempts 2");
        }
    }

    private Map<String, String> settings(String run) {
        Map<String, String> s = RunSettings.of("dead-letters-it-", run, dir.resolve("state"));
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), "2");
        return s;
    }

    /** Runs {@code medmoe dead-letters ARGS} in this JVM with {@code settings} as {@code --set} options. */
    private static Cli cli(Map<String, String> settings, String... args) {
        List<String> all = new ArrayList<>(List.of("dead-letters"));
        all.addAll(Arrays.asList(args));
        settings.forEach((k, v) -> {
            if (!k.startsWith("kafka.application") && !k.startsWith("kafka.state")) {
                all.add("--set");
                all.add(k + "=" + v);
            }
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
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
