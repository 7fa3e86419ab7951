package org.medmoe.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a readable record in the schema-registry wire format. A
 * {@link SerializationException}, so that a Kafka Streams deserialization exception handler routes
 * the record to the dead-letter topic instead of stopping the stream thread. The message says what
 * was wrong and on which topic; {@link #problem()} says it for machines.
 *
 * <p>A registry that cannot be reached is not a bad record: that is a {@link RegistryException}.
 */
public class WireFormatException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the bytes. */
    public enum Problem {
        /** Byte 0 was not the wire format's magic byte 0. */
        WRONG_MAGIC_BYTE,
        /** The schema id in bytes 1-4 is not known to the registry. */
        UNKNOWN_SCHEMA_ID,
        /** Fewer bytes than the header, or the Avro body ended early or was corrupt. */
        TRUNCATED,
        /** The writer's schema cannot be resolved to the reader's (incompatible change). */
        UNRESOLVABLE_SCHEMA
    }

    private final Problem problem;
    private final String topic;

    public WireFormatException(Problem problem, String topic, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.topic = topic;
    }

    /** What was wrong. */
    public Problem problem() {
        return problem;
    }

    /** The topic the bytes came from, or null when the caller gave none. */
    public String topic() {
        return topic;
    }
}
