package org.medmoe.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.medmoe.ingest.StudyEventValidator;
import org.medmoe.registry.AvroSerdes;
import org.medmoe.registry.InMemorySchemaRegistry;
import org.medmoe.registry.WireFormatException;
import org.medmoe.schema.CodedConcept;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

/**
 * Fuzz target of the StudyEvent intake, in the form Jazzer's driver runs: the record value's bytes
 * through the service's Avro deserializer (schema-registry wire format) and, when they decode, the
 * event through {@link StudyEventValidator}, as the intake processor does. A pass is a decoded
 * event (valid or with problems) or a {@link WireFormatException}, which the deserialization
 * handler turns into a dead letter; anything else thrown is a finding. An input whose first byte
 * is not 0 is taken as the Avro body after a valid header, so the mutations reach the decoder.
 */
public final class IntakeFuzzTarget {

    static final String TOPIC = "medmoe.study-events";
    private static final InMemorySchemaRegistry REGISTRY = new InMemorySchemaRegistry();
    private static final Serializer<StudyEvent> SERIALIZER =
            AvroSerdes.value(StudyEvent.class, REGISTRY).serializer();
    private static final org.apache.kafka.common.serialization.Deserializer<StudyEvent> DESERIALIZER =
            AvroSerdes.value(StudyEvent.class, REGISTRY).deserializer();
    private static final StudyEventValidator VALIDATOR = new StudyEventValidator(Set.of("CT", "CR", "DX", "MR"));
    private static final byte[] HEADER = header();

    private IntakeFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        byte[] value = data;
        if (data.length > 0 && data[0] != 0) {
            value = new byte[HEADER.length + data.length - 1];
            System.arraycopy(HEADER, 0, value, 0, HEADER.length);
            System.arraycopy(data, 1, value, HEADER.length, data.length - 1);
        }
        StudyEvent event;
        try {
            event = DESERIALIZER.deserialize(TOPIC, value);
        } catch (WireFormatException refused) {
            return;
        }
        if (event != null) {
            VALIDATOR.problems("key", event);
        }
    }

    private static byte[] header() {
        byte[] sample = SERIALIZER.serialize(TOPIC, event("1.2.3", "http://pacs.example:8042/dicom-web"));
        return java.util.Arrays.copyOf(sample, 5);
    }

    static StudyEvent event(String studyUid, String baseUrl) {
        return StudyEvent.newBuilder().setStudyInstanceUid(studyUid).setRevision(3)
                .setAccessionNumber("ACC-1").setModalities(List.of("CT", "SR")).setSeriesCount(2)
                .setInstanceCount(40).setStudyDate("20261125").setStudyTime("031200").setOrderPriority("STAT")
                .setProcedureCode(new CodedConcept("RPID16", "RADLEX", "CT CHEST"))
                .setLocator(new StudyLocator(LocatorKind.DICOMWEB, baseUrl, "studies/" + studyUid))
                .setSource("orthanc:main").setEventTime(Instant.parse("2026-11-25T03:14:15Z"))
                .setPatientPseudonym("pz-1").build();
    }

    /** Seeds: serialized events, valid and with the problems the validator names, in both input forms. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        Map<String, StudyEvent> events = Map.of(
                "valid", event("1.2.840.113619.2.55.3.604688119", "http://pacs.example:8042/dicom-web"),
                "legacy-uid", event("999.999.2.19940822.083000", "http://pacs.example:8042/dicom-web"),
                "bad-uid", event("1.2.x..3", "file:///../../etc"),
                "long-uid", event("1." + "2".repeat(80), "https://user:pw@pacs.example/dicom-web"));
        for (Map.Entry<String, StudyEvent> e : events.entrySet()) {
            byte[] wire = SERIALIZER.serialize(TOPIC, e.getValue());
            seeds.put(e.getKey() + "-wire", wire);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(1);
            body.write(wire, 5, wire.length - 5);
            seeds.put(e.getKey() + "-body", body.toByteArray());
        }
        return seeds;
    }

    /** Writes the seeds to {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
    }
}
