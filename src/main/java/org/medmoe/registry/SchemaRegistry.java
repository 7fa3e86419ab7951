package org.medmoe.registry;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The operations of a Confluent-compatible schema registry that the serdes and tools need.
 *
 * <p>Implementations are thread-safe and cache what they can (id to schema, subject and schema to
 * id). Failures are {@link RegistryException}s that name the registry, the subject and the HTTP
 * status.
 */
public interface SchemaRegistry extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (or finds it already there); returns its id. */
    int register(String subject, Schema schema);

    /** Returns the id of {@code schema} under {@code subject} without registering it. */
    Optional<Integer> lookup(String subject, Schema schema);

    /** Returns the schema with global id {@code id}. */
    Schema schemaById(int id);

    /** Returns the latest version registered under {@code subject}, if any. */
    Optional<RegisteredSchema> latest(String subject);

    /** Asks the registry whether {@code schema} is compatible with the latest version of {@code subject}. */
    boolean isCompatible(String subject, Schema schema);

    /** Where this registry lives, for messages (e.g. {@code http://127.0.0.1:8081}). */
    String describe();

    @Override
    void close();

    /** A schema as registered: subject, version, id. */
    record RegisteredSchema(String subject, int version, int id, Schema schema) {
    }
}
