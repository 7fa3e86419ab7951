package org.medmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.apache.avro.SystemLimitException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.medmoe.schema.StudyEvent;

class AvroLimitsTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void aRecordClaimingAHugeStringIsABadRecordWithoutTheAllocation() {
        byte[] valid = AvroSerdes.value(StudyEvent.class, registry).serializer().serialize("t", RecordSamples.studyEvent());
        Deserializer<StudyEvent> deserializer = AvroSerdes.value(StudyEvent.class, registry).deserializer();

        for (long claim : new long[] {100_000_000L, 1_500_000_000L, 3_000_000_000L}) {
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            record.write(valid, 0, WireFormat.HEADER_SIZE);
            long zigzag = claim << 1;
            while ((zigzag & ~0x7FL) != 0) {
                record.write((int) (zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            record.write((int) zigzag);
            record.writeBytes("1.2.3".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> deserializer.deserialize("t", record.toByteArray())).as("claim %d", claim)
                    .isInstanceOf(WireFormatException.class).hasMessageContaining("truncated or corrupt");
        }
        assertThat(deserializer.deserialize("t", valid)).isEqualTo(RecordSamples.studyEvent());
    }

    @Test
    void theLimitsAreInForceOnceTheDeserializerIsLoaded() {
        AvroSerdes.value(StudyEvent.class, registry).deserializer();

        assertThat(AvroLimits.apply()).isTrue();
        assertThatThrownBy(() -> SystemLimitException.checkMaxStringLength(AvroLimits.MAX_BYTES + 1L))
                .isInstanceOf(SystemLimitException.class);
        assertThat(SystemLimitException.checkMaxStringLength(AvroLimits.MAX_BYTES)).isEqualTo(AvroLimits.MAX_BYTES);
    }
}
