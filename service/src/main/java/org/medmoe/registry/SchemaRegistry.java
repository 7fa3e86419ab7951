package org.medmoe.registry;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The operations of a Confluent-compatible schema registry that the serdes and tools need.
 *
 * <p>Implementations are thread-safe and cache what they can (id to schema, subject and schema to
 * id). Failures are {@link RegistryException}s that name the registry, the operation, the subject
 * and the HTTP status. The creator of an instance closes it.
 */
public interface SchemaRegistry extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (or finds it already there); returns its id. */
    int register(String subject, Schema schema);

    /** Returns the id of {@code schema} under {@code subject} without registering it; empty when absent. */
    Optional<Integer> lookup(String subject, Schema schema);

    /**
     * Returns the schema with global id {@code id}.
     *
     * @throws RegistryException with {@link RegistryException#isNotFound()} when no schema has that id
     */
    Schema schemaById(int id);

    /** Returns the latest version registered under {@code subject}, if any. */
    Optional<RegisteredSchema> latest(String subject);

    /**
     * Asks the registry whether {@code schema} is compatible with the latest version of
     * {@code subject} under the subject's compatibility level; true when the subject does not exist.
     */
    boolean isCompatible(String subject, Schema schema);

    /**
     * Sets the compatibility level of {@code subject}, or the registry's global level when
     * {@code subject} is null.
     */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** Where this registry lives, for messages (e.g. {@code http://127.0.0.1:8081}). */
    String describe();

    @Override
    void close();

    /** A schema as registered: subject, version, id. */
    record RegisteredSchema(String subject, int version, int id, Schema schema) {
    }
}
