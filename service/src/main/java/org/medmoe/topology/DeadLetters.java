package org.medmoe.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;

/**
 * Builds {@link DeadLetter} records that keep the original bytes and say where they came from.
 *
 * <p>The attempt count is 1, or one more than the header {@value #ATTEMPTS_HEADER} of the input
 * says: {@code medmoe dead-letters replay} sets it on the records it re-publishes, and intake's
 * outputs keep their input's headers, so a record that fails again after a replay counts its tries.
 */
final class DeadLetters {
    /** Header with the number of times a record was already tried and dead-lettered (a decimal integer). */
    static final String ATTEMPTS_HEADER = MedMoeTopology.ATTEMPTS_HEADER;

    private DeadLetters() {
    }

    static DeadLetter of(RecordMetadata source, Record<byte[], byte[]> record, String stage, ReasonCode reason,
            String message, Throwable error, Instant now) {
        return of(source, record.key(), record.value(), record.headers(), stage, reason, message, error, now);
    }

    /** A dead letter of the input record with these bytes and headers (a later stage of intake's sub-topology). */
    static DeadLetter of(RecordMetadata source, byte[] key, byte[] value, Headers headers, String stage,
            ReasonCode reason, String message, Throwable error, Instant now) {
        return DeadLetter.newBuilder()
                .setOriginalTopic(source == null ? null : source.topic())
                .setPartition(source == null ? null : source.partition())
                .setOffset(source == null ? null : source.offset())
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setStage(stage)
                .setReason(reason)
                .setMessage(message)
                .setErrorClass(error == null ? null : error.getClass().getName())
                .setAttempts(attempts(headers))
                .setTime(now)
                .build();
    }

    /** This try's number: one more than {@value #ATTEMPTS_HEADER} says, or 1 without a valid header. */
    static int attempts(Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(ATTEMPTS_HEADER);
        if (h == null || h.value() == null) {
            return 1;
        }
        try {
            int before = Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8).trim());
            return before < 1 || before == Integer.MAX_VALUE ? 1 : before + 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
