package org.medmoe.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.analysis.AnalysisException;
import org.medmoe.registry.AvroSerdes;
import org.medmoe.registry.InMemorySchemaRegistry;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;

/** A record whose analysis keeps taking the process down is quarantined instead of crashing it forever. */
class PoisonRecordTest {
    private static final String TOPIC = TopicNames.defaults().studyEvents();

    @TempDir
    Path dir;

    @Test
    void shouldCountADeathInTheAnalysisAndQuarantineTheRecordPastTheLimit() {
        PoisonGuard guard = new PoisonGuard(dir, 3);

        // Given a record whose processing began three times and never ended (the process died in it)
        assertThat(guard.begin(TOPIC, 1, 40)).isZero();
        assertThat(guard.begin(TOPIC, 1, 40)).isEqualTo(1);
        assertThat(guard.begin(TOPIC, 1, 40)).isEqualTo(2);
        assertThat(guard.quarantine(2)).isFalse();
        // When it comes back a fourth time, then it is quarantined
        int died = guard.begin(TOPIC, 1, 40);
        assertThat(died).isEqualTo(3);
        assertThat(guard.quarantine(died)).isTrue();

        // And the next offset starts afresh; 0 never quarantines
        guard.end(TOPIC, 1);
        assertThat(guard.begin(TOPIC, 1, 41)).isZero();
        assertThat(new PoisonGuard(dir, 0).quarantine(1000)).isFalse();
    }

    @Test
    void shouldKeepCountingTheDeathsOfARecordWhenTheRecordsBeforeItAreProcessedAgainAfterEachRestart() {
        // Given offsets 38 and 39 processed, and the process dying in the analysis of 40
        PoisonGuard guard = new PoisonGuard(dir, 3);
        processed(guard, 38);
        processed(guard, 39);
        assertThat(guard.begin(TOPIC, 1, 40)).isZero();

        // When each restart processes 38 and 39 again (their transaction was aborted) before dying in 40
        for (int deaths = 1; deaths <= 3; deaths++) {
            guard = new PoisonGuard(dir, 3);
            processed(guard, 38);
            processed(guard, 39);
            assertThat(guard.begin(TOPIC, 1, 40)).isEqualTo(deaths);
        }

        // Then the third death quarantines 40; once it has ended, the partition goes on afresh
        assertThat(guard.quarantine(3)).isTrue();
        guard.end(TOPIC, 1);
        assertThat(guard.begin(TOPIC, 1, 41)).isZero();
    }

    @Test
    void shouldQuarantineTheRecordAgainWhenTheProcessDiesBeforeItsQuarantineIsCommitted() {
        // Given offset 40 quarantined after three deaths, then the process killed before that
        // transaction committed, so that 38, 39 and 40 come back
        PoisonGuard guard = new PoisonGuard(dir, 3);
        for (int deaths = 0; deaths <= 3; deaths++) {
            guard = new PoisonGuard(dir, 3);
            processed(guard, 38);
            processed(guard, 39);
            assertThat(guard.begin(TOPIC, 1, 40)).isEqualTo(deaths);
        }
        guard.end(TOPIC, 1);

        // When the restarted process processes them again
        guard = new PoisonGuard(dir, 3);
        processed(guard, 38);
        processed(guard, 39);
        int died = guard.begin(TOPIC, 1, 40);

        // Then 40 is quarantined again instead of being analysed (its count survived the end of its processing)
        assertThat(died).isEqualTo(3);
        assertThat(guard.quarantine(died)).isTrue();
        guard.end(TOPIC, 1);

        // And once a start finds the partition's committed position past 40, its count is gone
        guard = new PoisonGuard(dir, 3);
        assertThat(guard.begin(TOPIC, 1, 41)).isZero();
        guard.end(TOPIC, 1);
        assertThat(dir.resolve(TOPIC + "-1.in-flight")).doesNotExist();
    }

    private static void processed(PoisonGuard guard, long offset) {
        assertThat(guard.begin(TOPIC, 1, offset)).isZero();
        guard.end(TOPIC, 1);
    }

    @Test
    void shouldLeaveTheMarkerWhenAnErrorEscapesAndDeadLetterThePoisonRecordWithoutAnalysingIt() throws Exception {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        List<String> analysed = new ArrayList<>();
        TopologyDeps deps = IntakeTopologyTest.deps(registry, (event, last) -> {
            analysed.add(event.getStudyInstanceUid());
            if (event.getModalities().contains("MR")) {
                throw new StackOverflowError("planted: as a native crash would, this never returns");
            }
            throw new AnalysisException("model", ReasonCode.MODEL_ERROR, "no model in this test", null);
        });
        Properties props = IntakeTopologyTest.props();
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        props.put(MedMoeTopology.POISON_DEATHS_CONFIG, 3);
        var eventSerde = AvroSerdes.value(StudyEvent.class, registry);
        Path marker = dir.resolve("intake-test").resolve(PoisonGuard.FOLDER).resolve(TOPIC + "-0.in-flight");

        try (TopologyTestDriver driver = new TopologyTestDriver(MedMoeTopology.build(deps), props)) {
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic(TOPIC, Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer());
            TestOutputTopic<String, DeadLetter> letters = driver.createOutputTopic(TopicNames.defaults().deadLetters(),
                    Serdes.String().deserializer(), AvroSerdes.value(DeadLetter.class, registry).deserializer());
            String poison = "1.2.826.0.1.3680043.8.498.66";

            // Given an analysis that dies with an Error: its marker stays, one death counted
            Throwable died = catchThrowable(() -> events.pipeInput(bytes(poison),
                    eventSerde.serializer().serialize(TOPIC, IntakeTopologyTest.event(poison, 1, "MR"))));
            assertThat(died).isNotNull();
            assertThat(Files.readString(marker).trim()).isEqualTo("in-flight 0");

            // When the same record (offset 1 here) comes back after three deaths
            Files.writeString(marker, "died 1 3\n");
            events.pipeInput(bytes(poison), eventSerde.serializer().serialize(TOPIC,
                    IntakeTopologyTest.event(poison, 2, "MR")));

            // Then it is a dead letter POISON_RECORD, and the analysis is not run again
            assertThat(letters.readValuesToList()).singleElement().satisfies(l -> {
                assertThat(l.getReason()).isEqualTo(ReasonCode.POISON_RECORD);
                assertThat(l.getStudyInstanceUid()).isEqualTo(poison);
                assertThat(l.getMessage()).contains("begun 3 times");
            });
            assertThat(analysed).containsExactly(poison);
            // and its count stays until a start finds the partition's committed position past it
            assertThat(Files.readString(marker).trim()).isEqualTo("died 1 3");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
