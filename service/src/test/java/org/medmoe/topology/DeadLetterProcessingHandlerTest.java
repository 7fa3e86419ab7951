package org.medmoe.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.medmoe.registry.AvroSerdes;
import org.medmoe.registry.InMemorySchemaRegistry;
import org.medmoe.registry.RegistryException;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;

class DeadLetterProcessingHandlerTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Serializer<DeadLetter> serializer = AvroSerdes.value(DeadLetter.class, registry).serializer();
    private final Deserializer<DeadLetter> deserializer = AvroSerdes.value(DeadLetter.class, registry)
            .deserializer();

    @Test
    void shouldDeadLetterTheSourceRecordOfAnUnexpectedExceptionAndGoOn() {
        DeadLetterProcessingHandler handler = handler();

        ProcessingExceptionHandler.Response response = handler.handleError(context(), new Record<>("k", "v", 0L),
                new IllegalStateException("a defect"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("dead");
            DeadLetter letter = deserializer.deserialize("dead", r.value());
            assertThat(letter.getReason()).isEqualTo(ReasonCode.INTERNAL);
            assertThat(letter.getStage()).isEqualTo("processor intake");
            assertThat(letter.getMessage()).contains("a defect");
            assertThat(letter.getOriginalTopic()).isEqualTo("pacs.study.events");
            assertThat(letter.getOffset()).isEqualTo(7L);
            assertThat(new String(letter.getValue().array(), StandardCharsets.UTF_8)).isEqualTo("raw value");
        });
    }

    @Test
    void shouldLeaveASchemaRegistryFailureToTheStreamThreadSoThatTheRecordIsRetried() {
        ProcessingExceptionHandler.Response response = handler().handleError(context(), new Record<>("k", "v", 0L),
                new org.apache.kafka.common.errors.SerializationException("cannot decode",
                        new RegistryException("registry down", RegistryException.NO_RESPONSE, null)));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    private DeadLetterProcessingHandler handler() {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(Map.of(DeadLetterProcessingHandler.TOPIC_CONFIG, "dead",
                DeadLetterProcessingHandler.SERIALIZER_CONFIG, serializer));
        return handler;
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return "pacs.study.events";
            }

            @Override
            public int partition() {
                return 1;
            }

            @Override
            public long offset() {
                return 7;
            }

            @Override
            public org.apache.kafka.common.header.Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "intake";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 1);
            }

            @Override
            public long timestamp() {
                return 0;
            }

            @Override
            public byte[] sourceRawKey() {
                return "1.2.3".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] sourceRawValue() {
                return "raw value".getBytes(StandardCharsets.UTF_8);
            }
        };
    }
}
