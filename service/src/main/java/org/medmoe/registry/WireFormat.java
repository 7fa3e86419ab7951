package org.medmoe.registry;

/**
 * The Confluent schema-registry wire format: magic byte {@code 0}, the schema id as a 4-byte
 * big-endian int, then the record in Avro's binary encoding (no container header).
 */
public final class WireFormat {
    /** The only magic byte defined so far. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Writes the 5-byte header for {@code schemaId} at the start of {@code target}. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** Reads the schema id of a payload whose header was already checked to be complete. */
    public static int schemaId(byte[] payload) {
        return ((payload[1] & 0xff) << 24) | ((payload[2] & 0xff) << 16) | ((payload[3] & 0xff) << 8)
                | (payload[4] & 0xff);
    }
}
