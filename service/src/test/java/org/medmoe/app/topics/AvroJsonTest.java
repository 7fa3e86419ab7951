package org.medmoe.app.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;

class AvroJsonTest {
    @Test
    void shouldWriteUnionsEnumsBytesAndTimestampsAsPeopleReadThem() {
        // Given a dead letter with bytes, an enum, a timestamp, a set union branch and a null one
        DeadLetter letter = DeadLetter.newBuilder()
                .setOriginalTopic("pacs.study.events").setPartition(2).setOffset(41L)
                .setKey(ByteBuffer.wrap("1.2.3".getBytes(StandardCharsets.UTF_8))).setValue(null)
                .setStage("plan").setReason(ReasonCode.PACS_NOT_FOUND).setMessage("gone")
                .setAttempts(2).setTime(Instant.parse("2026-12-05T08:30:00.123Z")).build();

        // When it is written as JSON
        JsonNode json = AvroJson.of(letter, letter.getSchema());

        // Then each field is its plain value
        assertThat(json.get("originalTopic").asText()).isEqualTo("pacs.study.events");
        assertThat(json.get("partition").isInt()).isTrue();
        assertThat(json.get("offset").asLong()).isEqualTo(41L);
        assertThat(new String(Base64.getDecoder().decode(json.get("key").asText()), StandardCharsets.UTF_8))
                .isEqualTo("1.2.3");
        assertThat(json.get("value").isNull()).isTrue();
        assertThat(json.get("reason").asText()).isEqualTo("PACS_NOT_FOUND");
        assertThat(json.get("time").asText()).isEqualTo("2026-12-05T08:30:00.123Z");
        assertThat(json.get("attempts").asInt()).isEqualTo(2);
    }
}
