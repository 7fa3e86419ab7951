package org.medmoe.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medmoe.analysis.AnalysisException;
import org.medmoe.analysis.StudyAnalysis;
import org.medmoe.ingest.StudyEventValidator;
import org.medmoe.registry.AvroSerdes;
import org.medmoe.registry.InMemorySchemaRegistry;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

/** The intake stage with the real serdes over an in-memory registry, in TopologyTestDriver. */
class IntakeTopologyTest {
    static final String STUDY = "1.2.826.0.1.3680043.8.498.77";
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<String, StudyEvent> accepted;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private Serde<StudyEvent> eventSerde;

    static Topics.SerdeFactory serdes(InMemorySchemaRegistry registry) {
        return new Topics.SerdeFactory() {
            @Override
            public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
                return AvroSerdes.value(type, registry);
            }
        };
    }

    static Properties props() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "intake-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return p;
    }

    static TopologyDeps deps(InMemorySchemaRegistry registry) {
        return deps(registry, (event, last) -> {
            throw new AnalysisException("model", ReasonCode.MODEL_ERROR, "no model in this test", null);
        });
    }

    static TopologyDeps deps(InMemorySchemaRegistry registry, StudyAnalysis analysis) {
        return new TopologyDeps(Topics.of(TopicNames.defaults(), serdes(registry)),
                new StudyEventValidator(Set.of("CT", "MR", "CR")), analysis, Clock.fixed(NOW, ZoneOffset.UTC), props());
    }

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(MedMoeTopology.build(deps(registry)), props());
        TopicNames names = TopicNames.defaults();
        input = driver.createInputTopic(names.studyEvents(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        eventSerde = AvroSerdes.value(StudyEvent.class, registry);
        Serde<DeadLetter> letterSerde = AvroSerdes.value(DeadLetter.class, registry);
        accepted = driver.createOutputTopic(names.accepted(), Serdes.String().deserializer(), eventSerde.deserializer());
        deadLetters = driver.createOutputTopic(names.deadLetters(), Serdes.String().deserializer(),
                letterSerde.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static StudyEvent event(String uid, long revision, String modality) {
        return StudyEvent.newBuilder().setStudyInstanceUid(uid).setRevision(revision).setModalities(List.of(modality))
                .setSeriesCount(1).setInstanceCount(4)
                .setLocator(StudyLocator.newBuilder().setKind(LocatorKind.DICOMWEB).setUri("http://pacs:8042/dicom-web")
                        .build())
                .setSource("test").setEventTime(NOW).build();
    }

    private void send(String key, StudyEvent event) {
        input.pipeInput(bytes(key), eventSerde.serializer().serialize(TopicNames.defaults().studyEvents(), event));
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldForwardAValidEventKeyedByItsStudyUid() {
        send(STUDY, event(STUDY, 1, "CT"));

        var out = accepted.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo(STUDY);
        assertThat(out.get(0).value).isEqualTo(event(STUDY, 1, "CT"));
        assertThat(intakeLetters()).isEmpty();
    }

    @Test
    void shouldAcceptALegacyStudyUidWithLeadingZerosInsteadOfDeadLetteringIt() {
        String legacy = "999.999.2.19940822.083000";
        send(legacy, event(legacy, 1, "CT"));

        assertThat(accepted.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(legacy);
        assertThat(intakeLetters()).isEmpty();
    }

    @Test
    void shouldAcceptAcrNemaStyleDatesAndTimesAndForwardThemInDicomForm() {
        StudyEvent old = StudyEvent.newBuilder(event(STUDY, 1, "CT")).setStudyDate("1997.04.24")
                .setStudyTime("14:04:38").build();
        send(STUDY, old);

        var out = accepted.readValuesToList();
        assertThat(intakeLetters()).isEmpty();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getStudyDate()).isEqualTo("19970424");
        assertThat(out.get(0).getStudyTime()).isEqualTo("140438");
    }

    @Test
    void shouldDropAnExactDuplicateOfStudyAndRevision() {
        send(STUDY, event(STUDY, 1, "CT"));
        send(STUDY, event(STUDY, 1, "CT"));

        assertThat(accepted.readValuesToList()).hasSize(1);
        assertThat(intakeLetters()).isEmpty();
        KeyValueStore<String, Long> store = driver.getKeyValueStore(MedMoeTopology.REVISIONS_STORE);
        assertThat(store.get(STUDY)).isEqualTo(1L);
    }

    @Test
    void shouldAcceptANewRevisionAndDropAStaleOne() {
        send(STUDY, event(STUDY, 1, "CT"));
        send(STUDY, event(STUDY, 3, "CT"));
        send(STUDY, event(STUDY, 2, "CT"));

        assertThat(accepted.readValuesToList()).extracting(StudyEvent::getRevision).containsExactly(1L, 3L);
        assertThat(intakeLetters()).isEmpty();
    }

    @Test
    void shouldRouteAnInvalidEventToDeadLettersWithItsOriginalBytesAndReason() {
        StudyEvent bad = event("1.2.3.x", 1, "CT");
        byte[] value = eventSerde.serializer().serialize(TopicNames.defaults().studyEvents(), bad);
        input.pipeInput(bytes("1.2.3.x"), value);

        DeadLetter letter = intakeLetters().get(0);
        assertThat(letter.getReason()).isEqualTo(ReasonCode.BAD_EVENT);
        assertThat(letter.getStage()).isEqualTo("intake");
        assertThat(letter.getMessage()).contains("studyInstanceUid").contains("1.2.3.x");
        assertThat(letter.getOriginalTopic()).isEqualTo("pacs.study.events");
        assertThat(letter.getPartition()).isEqualTo(0);
        assertThat(letter.getOffset()).isEqualTo(0L);
        assertThat(bytesOf(letter.getValue())).isEqualTo(value);
        assertThat(bytesOf(letter.getKey())).isEqualTo(bytes("1.2.3.x"));
        assertThat(letter.getStudyInstanceUid()).isEqualTo("1.2.3.x");
        assertThat(letter.getTime()).isEqualTo(NOW);
        assertThat(accepted.isEmpty()).isTrue();
    }

    @Test
    void shouldRouteAnUnknownModalityToDeadLetters() {
        send(STUDY, event(STUDY, 1, "XYZ"));

        DeadLetter letter = intakeLetters().get(0);
        assertThat(letter.getReason()).isEqualTo(ReasonCode.BAD_EVENT);
        assertThat(letter.getMessage()).contains("'XYZ' is not a known modality code");
    }

    @Test
    void shouldRouteUndecodableBytesToDeadLetters() {
        byte[] json = bytes("{\"studyInstanceUid\": \"1.2.3\"}");
        input.pipeInput(bytes(STUDY), json);

        DeadLetter letter = intakeLetters().get(0);
        assertThat(letter.getReason()).isEqualTo(ReasonCode.UNDECODABLE_RECORD);
        assertThat(letter.getMessage()).containsIgnoringCase("magic byte");
        assertThat(bytesOf(letter.getValue())).isEqualTo(json);
        assertThat(letter.getStudyInstanceUid()).isNull();
    }

    @Test
    void shouldRouteAnUnknownSchemaIdToDeadLetters() {
        byte[] value = ByteBuffer.allocate(7).put((byte) 0).putInt(424242).put((byte) 2).put((byte) 4).array();
        input.pipeInput(bytes(STUDY), value);

        DeadLetter letter = intakeLetters().get(0);
        assertThat(letter.getReason()).isEqualTo(ReasonCode.UNDECODABLE_RECORD);
        assertThat(letter.getMessage()).contains("424242");
    }

    @Test
    void shouldRouteATombstoneAndAMismatchedKeyToDeadLetters() {
        input.pipeInput(bytes(STUDY), (byte[]) null);
        send("1.2.3.4", event(STUDY, 1, "CT"));

        List<DeadLetter> letters = intakeLetters();
        assertThat(letters).extracting(DeadLetter::getReason).containsExactly(ReasonCode.BAD_EVENT, ReasonCode.BAD_EVENT);
        assertThat(letters.get(0).getMessage()).contains("no value");
        assertThat(letters.get(1).getMessage()).contains("differs from studyInstanceUid");
    }

    @Test
    void shouldCountOneMoreAttemptForAReplayedRecordThatFailsAgain() {
        // Given a record replayed after two failed tries, and a header that is not a number
        var replayed = new org.apache.kafka.common.header.internals.RecordHeaders();
        replayed.add(MedMoeTopology.ATTEMPTS_HEADER, bytes("2"));
        var garbled = new org.apache.kafka.common.header.internals.RecordHeaders();
        garbled.add(MedMoeTopology.ATTEMPTS_HEADER, bytes("two"));
        // When both fail again
        input.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(bytes(STUDY), bytes("garbage"), replayed));
        input.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(bytes(STUDY), bytes("garbage"), garbled));
        // Then the first counts its third attempt, the second starts again at one
        assertThat(intakeLetters()).extracting(DeadLetter::getAttempts).containsExactly(3, 1);
    }

    @Test
    void shouldKeepProcessingAfterBadInput() {
        input.pipeInput(bytes(STUDY), bytes("garbage"));
        send(STUDY, event(STUDY, 1, "CT"));

        assertThat(intakeLetters()).hasSize(1);
        assertThat(accepted.readValuesToList()).hasSize(1);
    }

    /** Dead letters of the intake stage (the accepted events also reach this test's failing analysis). */
    private List<DeadLetter> intakeLetters() {
        return deadLetters.readValuesToList().stream().filter(l -> l.getStage().equals(IntakeProcessor.STAGE)).toList();
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
