package org.medmoe.registry;

import org.apache.avro.SystemLimitException;

/**
 * Caps what one Avro record may make the decoder allocate. Avro allocates a string, a byte array
 * or a collection at the length the record claims before reading it (by default up to 2^31 - 8
 * bytes), so a record of a few bytes could ask for gigabytes. Avro reads its limits from system
 * properties once, when {@link SystemLimitException} is loaded; {@link #apply} sets them, where
 * they are not set already, before any record is decoded (the command line's entry point and the
 * deserializer's class initialiser call it; the test JVMs get them from the build), to {@value #MAX_BYTES} bytes per string or byte array and {@value #MAX_ITEMS} items
 * per array or map, far above any record of ours and below Kafka's default maximum record size.
 */
public final class AvroLimits {

    public static final int MAX_BYTES = 8 * 1024 * 1024;
    public static final int MAX_ITEMS = 1_000_000;

    private AvroLimits() {
    }

    /** Sets Avro's limits where unset; true when they are in force. */
    public static boolean apply() {
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_BYTES);
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_ITEMS);
        try {
            SystemLimitException.checkMaxStringLength(MAX_BYTES + 1L);
            return false;
        } catch (SystemLimitException expected) {
            return true;
        }
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
