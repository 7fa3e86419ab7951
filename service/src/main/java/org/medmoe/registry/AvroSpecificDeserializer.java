package org.medmoe.registry;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SystemLimitException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the schema-registry wire format into generated Avro records: checks the magic byte,
 * fetches the writer's schema by id (cached by the registry client and here, with its resolver),
 * and resolves it to the reader's schema (the generated class's), so records written with an older
 * compatible schema read fine. Null bytes read as null.
 *
 * <p>What one record may make Avro allocate is capped ({@link AvroLimits}). Bad bytes raise a {@link WireFormatException} (a Kafka {@code SerializationException}) naming
 * the problem and the topic; a registry that cannot be reached raises a {@link RegistryException}
 * instead, because the record may well be fine.
 *
 * <p>Thread-safe. Built by {@link AvroSerdes}, or with the no-arg constructor and
 * {@link #configure}; the reader class is then {@code registry.avro.key.type} /
 * {@code registry.avro.value.type}, or, when unset, the generated class named like the writer's
 * schema.
 *
 * @param <T> the generated record class
 */
public final class AvroSpecificDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(AvroSpecificDeserializer.class);

    static {
        if (!AvroLimits.apply()) {
            LOG.warn("Avro's allocation limits were fixed before this deserializer was loaded: a record may claim"
                    + " strings of up to 2 GB (set -D{}={})", SystemLimitException.MAX_STRING_LENGTH_PROPERTY,
                    AvroLimits.MAX_BYTES);
        }
    }

    private final Map<Integer, Resolved<T>> readers = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();
    private SchemaRegistry registry;
    private Class<T> type;
    private boolean ownsRegistry;

    /** For Kafka's reflective construction; call {@link #configure} before use. */
    public AvroSpecificDeserializer() {
    }

    /** A deserializer into {@code type} over a shared registry (which the caller closes). */
    public AvroSpecificDeserializer(Class<T> type, SchemaRegistry registry) {
        this.type = Objects.requireNonNull(type, "type");
        this.registry = Objects.requireNonNull(registry, "registry");
        AvroClassTrust.trustPackageOf(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry != null) {
            return;
        }
        AvroSerdes.Settings settings = AvroSerdes.Settings.from(configs);
        Class<?> configured = isKey ? settings.keyType() : settings.valueType();
        this.type = (Class<T>) configured;
        if (configured != null) {
            AvroClassTrust.trustPackageOf(configured);
        }
        this.registry = new HttpSchemaRegistry(settings.client());
        this.ownsRegistry = true;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSpecificDeserializer used before configure()");
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new WireFormatException(WireFormatException.Problem.TRUNCATED, topic, "truncated record on topic '"
                    + topic + "': " + data.length + " byte(s), fewer than the 5-byte wire-format header", null);
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new WireFormatException(WireFormatException.Problem.WRONG_MAGIC_BYTE, topic,
                    String.format("wrong magic byte 0x%02x on topic '%s': not in the schema-registry wire format"
                            + " (expected 0x00, then a 4-byte schema id)", data[0] & 0xff, topic), null);
        }
        int id = WireFormat.schemaId(data);
        Resolved<T> resolved = readers.get(id);
        if (resolved == null) {
            resolved = resolve(topic, id);
            readers.putIfAbsent(id, resolved);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                data.length - WireFormat.HEADER_SIZE, decoders.get());
        decoders.set(decoder);
        try {
            return resolved.reader.read(null, decoder);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                | ClassCastException | UnsupportedOperationException e) {
            // UnsupportedOperationException: Avro's answer to a length over 2^31 - 8.
            throw new WireFormatException(WireFormatException.Problem.TRUNCATED, topic, "truncated or corrupt "
                    + resolved.writer.getFullName() + " with schema id " + id + " on topic '" + topic + "' ("
                    + data.length + " bytes): " + e, e);
        }
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }

    @SuppressWarnings("unchecked")
    private Resolved<T> resolve(String topic, int id) {
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                throw new WireFormatException(WireFormatException.Problem.UNKNOWN_SCHEMA_ID, topic, "unknown schema id "
                        + id + " on topic '" + topic + "': schema registry " + registry.describe()
                        + " has no schema with that id (written against another registry?)", e);
            }
            throw e;
        }
        Class<T> readerType = type;
        if (readerType == null) {
            try {
                readerType = (Class<T>) SpecificData.get().getClass(writer);
            } catch (SecurityException e) {
                throw new WireFormatException(WireFormatException.Problem.UNRESOLVABLE_SCHEMA, topic, "Avro does not"
                        + " trust the class of " + writer.getFullName() + " (schema id " + id + ") on topic '" + topic
                        + "'; set registry.avro.key.type / registry.avro.value.type", e);
            }
            if (readerType == null) {
                throw new WireFormatException(WireFormatException.Problem.UNRESOLVABLE_SCHEMA, topic, "no generated class"
                        + " for " + writer.getFullName() + " (schema id " + id + ") on topic '" + topic
                        + "'; set registry.avro.value.type", null);
            }
        }
        SpecificData model = SpecificData.getForClass(readerType);
        Schema reader = model.getSchema(readerType);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new WireFormatException(WireFormatException.Problem.UNRESOLVABLE_SCHEMA, topic, "cannot read "
                    + writer.getFullName() + " with schema id " + id + " on topic '" + topic + "' as "
                    + reader.getFullName() + ": " + compatibility.getDescription(), null);
        }
        return new Resolved<>(writer, new SpecificDatumReader<>(writer, reader, model));
    }

    /** A writer schema and the reader that resolves it to the reader class. */
    private record Resolved<T>(Schema writer, SpecificDatumReader<T> reader) {
    }
}
