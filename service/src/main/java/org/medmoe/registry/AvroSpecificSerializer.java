package org.medmoe.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in the schema-registry wire format. The record's schema is
 * registered under the subject that the {@link SubjectNameStrategy} names (when auto-register is
 * on) or looked up (when off); its id is cached per topic and schema, so after the first record the
 * registry is not called again. A null record is written as null (a tombstone).
 *
 * <p>Thread-safe. Built by {@link AvroSerdes}, or with the no-arg constructor and
 * {@link #configure} from Kafka properties ({@link AvroSerdes#configurable} keys); it closes the
 * registry only when it created it itself.
 *
 * @param <T> the generated record class
 */
public final class AvroSpecificSerializer<T extends SpecificRecord> implements Serializer<T> {
    private static final int MAX_RETAINED_BUFFER = 1 << 20;

    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<Schema, Map<String, Integer>> ids = new ConcurrentHashMap<>();
    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);
    private SchemaRegistry registry;
    private SubjectNameStrategy strategy;
    private boolean isKey;
    private boolean autoRegister;
    private boolean ownsRegistry;

    /** For Kafka's reflective construction; call {@link #configure} before use. */
    public AvroSpecificSerializer() {
    }

    /** A serializer over a shared registry (which the caller closes). */
    public AvroSpecificSerializer(SchemaRegistry registry, SubjectNameStrategy strategy, boolean isKey,
            boolean autoRegister) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.isKey = isKey;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean key) {
        if (registry != null) {
            return;
        }
        AvroSerdes.Settings settings = AvroSerdes.Settings.from(configs);
        this.registry = new HttpSchemaRegistry(settings.client());
        this.ownsRegistry = true;
        this.strategy = settings.strategy();
        this.autoRegister = settings.autoRegister();
        this.isKey = key;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSpecificSerializer used before configure()");
        }
        Schema schema = data.getSchema();
        int id = schemaId(topic, schema);
        Buffer buffer = buffers.get();
        try {
            buffer.out.reset();
            buffer.out.write(WireFormat.MAGIC_BYTE);
            buffer.out.write(id >>> 24);
            buffer.out.write(id >>> 16);
            buffer.out.write(id >>> 8);
            buffer.out.write(id);
            buffer.encoder = EncoderFactory.get().binaryEncoder(buffer.out, buffer.encoder);
            writer(data, schema).write(data, buffer.encoder);
            buffer.encoder.flush();
            byte[] bytes = buffer.out.toByteArray();
            if (bytes.length > MAX_RETAINED_BUFFER) {
                buffers.remove();
            }
            return bytes;
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            // Avro reports a null in a non-null field as a NullPointerException naming the field.
            buffers.remove();
            throw new SerializationException("cannot serialize " + schema.getFullName() + " for topic '" + topic
                    + "' (" + (isKey ? "key" : "value") + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }

    /**
     * The schema id that records of {@code schema} get on {@code topic}: registered (auto-register on)
     * or looked up (off) once, then cached, as for {@link #serialize}. Calling it at start-up resolves
     * the subject before the first record, so that a missing subject fails there.
     *
     * @throws RegistryException when the registry cannot be reached, refuses the schema, or (with
     *         auto-register off) the subject does not hold it; the message names the subject
     */
    public int schemaId(String topic, Schema schema) {
        Objects.requireNonNull(schema, "schema");
        if (registry == null) {
            throw new IllegalStateException("AvroSpecificSerializer used before configure()");
        }
        Map<String, Integer> byTopic = ids.computeIfAbsent(schema, s -> new ConcurrentHashMap<>());
        Integer id = topic == null ? null : byTopic.get(topic);
        if (id != null) {
            return id;
        }
        String subject = strategy.subject(topic, schema, isKey);
        if (autoRegister) {
            id = registry.register(subject, schema);
        } else {
            id = registry.lookup(subject, schema).orElseThrow(() -> new RegistryException("schema registry "
                    + registry.describe() + ": " + schema.getFullName() + " is not registered under subject '"
                    + subject + "' and auto-registration is off (register it first, e.g. in the deployment)",
                    404, 40403, registry.describe(), "lookup", subject, null));
        }
        if (topic != null) {
            byTopic.put(topic, id);
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    private SpecificDatumWriter<T> writer(T data, Schema schema) {
        return writers.computeIfAbsent(schema,
                s -> new SpecificDatumWriter<>(s, SpecificData.getForClass((Class<T>) data.getClass())));
    }

    /** One thread's reusable output buffer and encoder. */
    private static final class Buffer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder;
    }
}
