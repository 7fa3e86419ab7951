package org.medmoe.topology;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Where a record came from, for log lines and dead letters ("-" when unknown, e.g. punctuation). */
final class SourceRecords {
    private SourceRecords() {
    }

    static String topic(RecordMetadata m) {
        return m == null ? "-" : m.topic();
    }

    static Object partition(RecordMetadata m) {
        return m == null ? "-" : m.partition();
    }

    static Object offset(RecordMetadata m) {
        return m == null ? "-" : m.offset();
    }

    /** The key as UTF-8 text; a key that is not valid UTF-8 gives null (its bytes stay in the dead letter). */
    static String utf8Key(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
