package org.medmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medmoe.devtools.bench.serde.SampleRecords;
import org.medmoe.devtools.embedded.TestRegistry;
import org.medmoe.schema.CodedConcept;
import org.medmoe.schema.TriageDecision;

/** The serdes through a real registry (the shared embedded Apicurio). */
@Tag("integration")
class AvroSerdesIntegrationTest {
    private static HttpSchemaRegistry registry;

    @BeforeAll
    static void connect() {
        registry = new HttpSchemaRegistry(RegistryClientConfig.of(TestRegistry.url()));
    }

    @AfterAll
    static void disconnect() {
        registry.close();
    }

    static Stream<SpecificRecord> everyRecord() {
        return Stream.of(SampleRecords.studyEvent(), SampleRecords.studyFindings(), SampleRecords.triageDecision(),
                SampleRecords.reportDraft(), SampleRecords.deadLetter());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("everyRecord")
    void shouldRoundTripEveryRecordThroughTheRegistry(SpecificRecord record) {
        // Given a serde for the record's class on a fresh topic
        String topic = "it." + UUID.randomUUID();
        Serde<SpecificRecord> serde = serdeFor(record);

        // When it is written and read back
        byte[] bytes = serde.serializer().serialize(topic, record);
        SpecificRecord back = serde.deserializer().deserialize(topic, bytes);

        // Then it is equal, and its schema was registered under <topic>-value
        assertThat(back).isEqualTo(record);
        assertThat(registry.latest(topic + "-value").orElseThrow().schema()).isEqualTo(record.getSchema());
    }

    @Test
    void shouldReadAValueWrittenWithTheOldSchemaWithTheNewReader() {
        // Given TriageDecision v1 (before supersedesRevision and accessionNumber existed) registered and used
        String topic = "it.triage." + UUID.randomUUID();
        Schema v1 = SchemaVersions.without(TriageDecision.getClassSchema(), Set.of("supersedesRevision",
                "accessionNumber"));
        int v1Id = registry.register(topic + "-value", v1);
        GenericRecord old = v1Record(v1);

        // When the current schema is registered (BACKWARD-compatible) and the old bytes are read
        Serde<TriageDecision> serde = AvroSerdes.value(TriageDecision.class, registry);
        serde.serializer().serialize(topic, SampleRecords.triageDecision());
        TriageDecision read = serde.deserializer().deserialize(topic, SchemaVersions.wireBytes(v1Id, old));

        // Then the record resolves with defaults for the added fields
        assertThat(registry.latest(topic + "-value").orElseThrow().version()).isEqualTo(2);
        assertThat(read.getStudyInstanceUid()).isEqualTo(SampleRecords.STUDY_UID);
        assertThat(read.getSupersedesRevision()).isNull();
        assertThat(read.getAccessionNumber()).isNull();
        assertThat(read.getFiredRules()).isEmpty();
    }

    @Test
    void shouldRefuseToRegisterAnIncompatibleRecordChange() {
        // Given CodedConcept registered under its record name
        String subject = "it." + UUID.randomUUID() + "-value";
        registry.register(subject, CodedConcept.getClassSchema());
        Schema breaking = SchemaVersions.without(CodedConcept.getClassSchema(), Set.of());
        Schema withRequired = Schema.createRecord(breaking.getName(), null, breaking.getNamespace(), false,
                Stream.concat(breaking.getFields().stream().map(f -> new Schema.Field(f, f.schema())),
                        Stream.of(new Schema.Field("codeSystemVersion", Schema.create(Schema.Type.STRING))))
                        .toList());

        RegistryException e = catchThrowableOfType(RegistryException.class,
                () -> registry.register(subject, withRequired));

        assertThat(e.isIncompatible()).isTrue();
        assertThat(e.getMessage()).contains("HTTP 409", subject, "incompatible");
    }

    @Test
    void shouldWorkFromKafkaStyleProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(RegistryClientConfig.URL, TestRegistry.url());
        props.put(AvroSerdes.SUBJECT_NAME_STRATEGY, "record_name");
        props.put(AvroSerdes.VALUE_TYPE, TriageDecision.class.getName());
        String topic = "it.props." + UUID.randomUUID();

        try (Serde<TriageDecision> serde = AvroSerdes.configurable(props, false)) {
            byte[] bytes = serde.serializer().serialize(topic, SampleRecords.triageDecision());

            assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(SampleRecords.triageDecision());
        }
        assertThat(registry.latest(TriageDecision.getClassSchema().getFullName())).isPresent();
    }

    @SuppressWarnings("unchecked")
    private static Serde<SpecificRecord> serdeFor(SpecificRecord record) {
        return AvroSerdes.value((Class<SpecificRecord>) record.getClass(), registry);
    }

    private static GenericRecord v1Record(Schema v1) {
        TriageDecision current = SampleRecords.triageDecision();
        GenericRecord provenance = new GenericData.Record(v1.getField("provenance").schema());
        current.getProvenance().getSchema().getFields()
                .forEach(f -> provenance.put(f.name(), current.getProvenance().get(f.name())));
        GenericRecord record = new GenericData.Record(v1);
        record.put("studyInstanceUid", current.getStudyInstanceUid());
        record.put("revision", current.getRevision());
        record.put("priority", new GenericData.EnumSymbol(v1.getField("priority").schema(), "STAT"));
        record.put("score", 0.93);
        record.put("firedRules", List.of());
        record.put("deadline", current.getDeadline().toEpochMilli());
        record.put("provenance", provenance);
        record.put("decidedAt", current.getDecidedAt().toEpochMilli());
        return record;
    }
}
