package org.medmoe.topology;

import java.time.Instant;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;

/** Builds {@link DeadLetter} records that keep the original bytes and say where they came from. */
final class DeadLetters {
    private DeadLetters() {
    }

    static DeadLetter of(RecordMetadata source, byte[] key, byte[] value, String stage, ReasonCode reason,
            String message, Throwable error, Instant now) {
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
                .setAttempts(1)
                .setTime(now)
                .build();
    }
}
