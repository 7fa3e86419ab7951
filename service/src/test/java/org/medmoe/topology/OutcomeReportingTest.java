package org.medmoe.topology;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medmoe.analysis.SrWriteBack;
import org.medmoe.registry.AvroSerdes;
import org.medmoe.registry.InMemorySchemaRegistry;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.slf4j.LoggerFactory;

/**
 * What the processors report of each outcome: one call of the {@link OutcomeListener} per result or
 * dead letter, and one outcome log line per accepted event with the record's MDC.
 */
class OutcomeReportingTest {
    private static final String STUDY = IntakeTopologyTest.STUDY;
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final List<StudyFindings> published = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> letters = new CopyOnWriteArrayList<>();
    private final Logger processorLog = (Logger) LoggerFactory.getLogger(AnalysisProcessor.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private Serde<StudyEvent> eventSerde;

    @BeforeEach
    void start() {
        OutcomeListener recorder = new OutcomeListener() {
            @Override
            public void published(StudyFindings findings, long analysisNanos, long publishNanos) {
                assertThat(analysisNanos).isNotNegative();
                assertThat(publishNanos).isNotNegative();
                published.add(findings);
            }

            @Override
            public void deadLettered(DeadLetter letter) {
                letters.add(letter);
            }
        };
        TopologyDeps d = IntakeTopologyTest.deps(registry, new AnalysisTopologyTest()::fake);
        driver = new TopologyTestDriver(MedMoeTopology.build(new TopologyDeps(d.topics(), d.validator(), d.analysis(),
                SrWriteBack.DISABLED, d.clock(), d.streamsProperties(), recorder)), IntakeTopologyTest.props());
        eventSerde = AvroSerdes.value(StudyEvent.class, registry);
        events = driver.createInputTopic(TopicNames.defaults().studyEvents(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        lines.start();
        processorLog.addAppender(lines);
    }

    @AfterEach
    void stop() {
        processorLog.detachAppender(lines);
        driver.close();
    }

    @Test
    void shouldReportPublishedResultsOnceAndSkipAReplayedRevisionAlreadyPublished() {
        // Given a study revision published, then a dead-letter replay of the same revision
        StudyEvent event = IntakeTopologyTest.event(STUDY, 1, "CT");
        send(events, event);
        RecordHeaders replay = new RecordHeaders();
        replay.add(MedMoeTopology.REPLAYED_FROM_HEADER, "medmoe.dead-letters/0@0".getBytes(StandardCharsets.UTF_8));
        events.pipeInput(new TestRecord<>(STUDY.getBytes(StandardCharsets.UTF_8),
                eventSerde.serializer().serialize("any", event), replay));

        // Then one published outcome, and the replay reaches analysis, which skips it
        assertThat(published).extracting(StudyFindings::getStudyInstanceUid).containsExactly(STUDY);
        assertThat(letters).isEmpty();
        assertThat(driver.createOutputTopic(TopicNames.defaults().accepted(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer()).readRecordsToList()).as("accepted once, not again on replay")
                .hasSize(1);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(2)
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("outcome COMPLETE: 0 image(s), triage ROUTINE"),
                        second -> assertThat(second).startsWith("outcome SKIPPED"));
        assertThat(lines.list.get(0).getMDCPropertyMap()).isEqualTo(Map.of("study", STUDY, "revision", "1",
                "topic", TopicNames.defaults().studyEvents(), "partition", "0", "offset", "0"));
        assertThat(lines.list.get(1).getMDCPropertyMap()).containsEntry("offset", "1");
    }

    @Test
    void shouldReportDeadLettersOfEveryStageWithTheirReason() {
        send(events, IntakeTopologyTest.event(STUDY, 1, "MR"));
        events.pipeInput(STUDY.getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));
        send(events, IntakeTopologyTest.event(STUDY, 2, "XX"));

        assertThat(letters).extracting(l -> l.getStage() + "/" + l.getReason()).containsExactly(
                "fetch/" + ReasonCode.PACS_UNREACHABLE, "intake/" + ReasonCode.UNDECODABLE_RECORD,
                "intake/" + ReasonCode.BAD_EVENT);
        assertThat(published).isEmpty();
        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).isEqualTo("outcome DEAD_LETTER PACS_UNREACHABLE at stage fetch: "
                    + "PACS down");
            assertThat(line.getMDCPropertyMap()).containsEntry("study", STUDY).containsEntry("revision", "1");
        });
    }

    @Test
    void shouldLogIntakeDecisionsWithTheRecordCoordinatesInTheMdc() {
        // Given intake's log captured as well
        Logger intakeLog = (Logger) LoggerFactory.getLogger(IntakeProcessor.class);
        ListAppender<ILoggingEvent> intake = new ListAppender<>();
        intake.start();
        intakeLog.addAppender(intake);
        try {
            // When an event is accepted and then bytes that are not Avro arrive
            send(events, IntakeTopologyTest.event(STUDY, 1, "CT"));
            events.pipeInput(STUDY.getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));
        } finally {
            intakeLog.detachAppender(intake);
        }

        // Then each line carries where its record came from, and the accepted one its study and revision
        assertThat(intake.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.equals("event accepted")).anyMatch(m -> m.startsWith("dead letter UNDECODABLE_RECORD"));
        ILoggingEvent accepted = intake.list.stream().filter(e -> e.getFormattedMessage().equals("event accepted"))
                .findFirst().orElseThrow();
        assertThat(accepted.getMDCPropertyMap()).isEqualTo(Map.of("study", STUDY, "revision", "1",
                "topic", TopicNames.defaults().studyEvents(), "partition", "0", "offset", "0"));
        ILoggingEvent letter = intake.list.stream().filter(e -> e.getFormattedMessage().startsWith("dead letter"))
                .findFirst().orElseThrow();
        assertThat(letter.getMDCPropertyMap()).containsEntry("offset", "1").doesNotContainKey("study");
    }

    private void send(TestInputTopic<byte[], byte[]> topic, StudyEvent e) {
        topic.pipeInput(e.getStudyInstanceUid().getBytes(StandardCharsets.UTF_8),
                eventSerde.serializer().serialize("any", e));
    }
}
