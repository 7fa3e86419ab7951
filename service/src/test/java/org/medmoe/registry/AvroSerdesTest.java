package org.medmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;

/** The wire-format serdes over an in-memory registry: round trips, evolution and bad bytes. */
class AvroSerdesTest {
    private static final String TOPIC = "pacs.study.events";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Serde<StudyEvent> events = AvroSerdes.value(StudyEvent.class, registry);

    @AfterEach
    void close() {
        events.close();
        registry.close();
    }

    @Test
    void shouldWriteMagicByteSchemaIdAndAvroBodyAndReadItBack() {
        StudyEvent event = RecordSamples.studyEvent();

        byte[] bytes = events.serializer().serialize(TOPIC, event);

        int id = registry.lookup(TOPIC + "-value", StudyEvent.getClassSchema()).orElseThrow();
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(events.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
    }

    @Test
    void shouldRoundTripFindingsWithNestedContent() {
        Serde<StudyFindings> serde = AvroSerdes.value(StudyFindings.class, registry);
        StudyFindings findings = RecordSamples.studyFindings();

        StudyFindings back = serde.deserializer().deserialize("medmoe.findings",
                serde.serializer().serialize("medmoe.findings", findings));

        assertThat(back).isEqualTo(findings);
        assertThat(back.getImages()).hasSize(8);
        assertThat(back.getImages().get(7).getRouting()).hasSize(12);
    }

    @Test
    void shouldReadNullBytesAsNullAndWriteNullAsNull() {
        assertThat(events.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(events.serializer().serialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldNameSubjectsByStrategy() {
        Serde<StudyEvent> byRecord = AvroSerdes.specific(StudyEvent.class, registry,
                SubjectNameStrategy.RECORD_NAME, false, true);
        Serde<StudyEvent> asKey = AvroSerdes.specific(StudyEvent.class, registry,
                SubjectNameStrategy.TOPIC_NAME, true, true);

        byRecord.serializer().serialize(TOPIC, RecordSamples.studyEvent());
        asKey.serializer().serialize(TOPIC, RecordSamples.studyEvent());

        assertThat(registry.latest("org.medmoe.schema.StudyEvent")).isPresent();
        assertThat(registry.latest(TOPIC + "-key")).isPresent();
        assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subject(TOPIC, StudyEvent.getClassSchema(), false))
                .isEqualTo(TOPIC + "-org.medmoe.schema.StudyEvent");
    }

    @Test
    void shouldRefuseToWriteAnUnregisteredSchemaWhenAutoRegisterIsOff() {
        Serde<StudyEvent> strict = AvroSerdes.specific(StudyEvent.class, registry,
                SubjectNameStrategy.TOPIC_NAME, false, false);

        RegistryException e = catchThrowableOfType(RegistryException.class,
                () -> strict.serializer().serialize(TOPIC, RecordSamples.studyEvent()));

        assertThat(e.getMessage()).contains("not registered under subject '" + TOPIC + "-value'",
                "auto-registration is off");
    }

    @Test
    void shouldReadARecordWrittenWithAnOlderSchemaIntoTheNewClass() {
        // Given StudyEvent as it was before the pseudonym and the procedure code were added
        Schema old = SchemaVersions.without(StudyEvent.getClassSchema(), Set.of("patientPseudonym", "procedureCode"));
        int oldId = registry.register(TOPIC + "-value", old);
        GenericRecord oldEvent = oldEvent(old);

        // When the new reader reads it
        StudyEvent event = events.deserializer().deserialize(TOPIC, SchemaVersions.wireBytes(oldId, oldEvent));

        // Then the old fields carry over and the new ones take their defaults
        assertThat(event.getStudyInstanceUid()).isEqualTo("2.25.1");
        assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(event.getPatientPseudonym()).isNull();
        assertThat(event.getProcedureCode()).isNull();
    }

    @Test
    void shouldNameTheFieldWhenARecordCannotBeWritten() {
        StudyEvent broken = RecordSamples.studyEvent();
        broken.setSource(null);

        SerializationException e = catchThrowableOfType(SerializationException.class,
                () -> events.serializer().serialize(TOPIC, broken));

        assertThat(e.getMessage()).contains("cannot serialize org.medmoe.schema.StudyEvent for topic '" + TOPIC + "'",
                "source");
    }

    @Test
    void shouldNameTheKeyOfABadSerdeProperty() {
        Map<String, Object> props = Map.of(RegistryClientConfig.URL, "http://127.0.0.1:1",
                AvroSerdes.SUBJECT_NAME_STRATEGY, "by_topic");

        assertThatThrownBy(() -> AvroSerdes.configurable(props, false))
                .hasMessage("registry.subject.name.strategy must be topic_name, record_name or topic_record_name,"
                        + " was 'by_topic'");
        assertThatThrownBy(() -> AvroSerdes.configurable(Map.of(RegistryClientConfig.URL, "http://127.0.0.1:1",
                AvroSerdes.VALUE_TYPE, String.class.getName()), false))
                .hasMessage("registry.avro.value.type: java.lang.String is not a generated Avro record");
    }

    @Test
    void shouldRejectAWrongMagicByteNamingTheTopic() {
        byte[] bytes = events.serializer().serialize(TOPIC, RecordSamples.studyEvent());
        bytes[0] = 1;

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> events.deserializer().deserialize(TOPIC, bytes));

        assertThat(e).isInstanceOf(SerializationException.class);
        assertThat(e.problem()).isEqualTo(WireFormatException.Problem.WRONG_MAGIC_BYTE);
        assertThat(e.getMessage()).contains("wrong magic byte 0x01", "'" + TOPIC + "'");
    }

    @Test
    void shouldRejectPlainJsonAsNotWireFormat() {
        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> events.deserializer().deserialize(TOPIC, "{\"studyInstanceUid\":\"1.2\"}".getBytes()));

        assertThat(e.problem()).isEqualTo(WireFormatException.Problem.WRONG_MAGIC_BYTE);
        assertThat(e.getMessage()).contains("0x7b");
    }

    @Test
    void shouldRejectAnUnknownSchemaId() {
        byte[] bytes = events.serializer().serialize(TOPIC, RecordSamples.studyEvent());
        ByteBuffer.wrap(bytes).putInt(1, 4242);

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> events.deserializer().deserialize(TOPIC, bytes));

        assertThat(e.problem()).isEqualTo(WireFormatException.Problem.UNKNOWN_SCHEMA_ID);
        assertThat(e.getMessage()).contains("unknown schema id 4242", "'" + TOPIC + "'");
    }

    @Test
    void shouldRejectTruncatedHeadersAndBodies() {
        byte[] bytes = events.serializer().serialize(TOPIC, RecordSamples.studyEvent());

        WireFormatException header = catchThrowableOfType(WireFormatException.class,
                () -> events.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, 3)));
        WireFormatException body = catchThrowableOfType(WireFormatException.class,
                () -> events.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length / 2)));

        assertThat(header.problem()).isEqualTo(WireFormatException.Problem.TRUNCATED);
        assertThat(header.getMessage()).contains("3 byte(s)", "5-byte wire-format header", TOPIC);
        assertThat(body.problem()).isEqualTo(WireFormatException.Problem.TRUNCATED);
        assertThat(body.getMessage()).contains("truncated or corrupt org.medmoe.schema.StudyEvent", TOPIC);
    }

    @Test
    void shouldRejectAWriterSchemaTheReaderCannotResolve() {
        // Given a value written with an unrelated schema of the same name whose field has no default
        Schema alien = Schema.createRecord("StudyEvent", null, "org.medmoe.schema", false, List.of(
                new Schema.Field("studyInstanceUid", Schema.create(Schema.Type.INT))));
        registry.setCompatibility(null, CompatibilityLevel.NONE);
        int id = registry.register("other-value", alien);
        GenericRecord record = new GenericData.Record(alien);
        record.put("studyInstanceUid", 7);

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> events.deserializer().deserialize(TOPIC, SchemaVersions.wireBytes(id, record)));

        assertThat(e.problem()).isEqualTo(WireFormatException.Problem.UNRESOLVABLE_SCHEMA);
        assertThat(e.getMessage()).contains("cannot read org.medmoe.schema.StudyEvent with schema id " + id);
    }

    @Test
    void shouldBeUsableFromManyThreadsAtOnce() throws Exception {
        StudyFindings findings = RecordSamples.studyFindings();
        Serde<StudyFindings> serde = AvroSerdes.value(StudyFindings.class, registry);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = pool.invokeAll(Collections.nCopies(8, () -> {
                for (int i = 0; i < 50; i++) {
                    byte[] bytes = serde.serializer().serialize("medmoe.findings", findings);
                    if (!serde.deserializer().deserialize("medmoe.findings", bytes).equals(findings)) {
                        return false;
                    }
                }
                return true;
            }));
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static GenericRecord oldEvent(Schema old) {
        Schema locatorSchema = old.getField("locator").schema();
        GenericRecord locator = new GenericData.Record(locatorSchema);
        locator.put("kind", new GenericData.EnumSymbol(locatorSchema.getField("kind").schema(), "DICOMWEB"));
        locator.put("uri", "http://pacs:8042/dicom-web");
        locator.put("studyPath", null);
        GenericRecord event = new GenericData.Record(old);
        event.put("studyInstanceUid", "2.25.1");
        event.put("revision", 3L);
        event.put("accessionNumber", null);
        event.put("modalities", List.of("CT"));
        event.put("seriesCount", 1);
        event.put("instanceCount", 3);
        event.put("studyDate", null);
        event.put("studyTime", null);
        event.put("orderPriority", null);
        event.put("locator", locator);
        event.put("source", "orthanc:main");
        event.put("eventTime", 1_700_000_000_000L);
        return event;
    }

}
