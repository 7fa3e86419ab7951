package org.medmoe.topology;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.medmoe.registry.RegistryException;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line behind the processors: Kafka Streams' processing exception handler
 * ({@code processing.exception.handler}). An exception that escapes a processor (a defect: the
 * processors route every failure they expect) becomes a dead letter of the input record, reason
 * INTERNAL, stage {@code processor <node>}, sent in the task's transaction, and the task goes on with
 * the next record. A schema-registry failure is systemic, not the record's fault: it fails the
 * stream thread, which the uncaught-exception handler replaces within its budget, and the record is
 * retried. Kafka Streams creates and configures it from the Streams properties ({@link #install}).
 * Thread-safe (stateless after {@link #configure}).
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    /** Streams property holding the dead-letter topic's name. */
    static final String TOPIC_CONFIG = "medmoe.dead.letters.topic";
    /** Streams property holding the {@link Serializer} of {@link DeadLetter} values (an object, not a string). */
    static final String SERIALIZER_CONFIG = "medmoe.dead.letters.serializer";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private String topic;
    private Serializer<DeadLetter> serializer;
    private final Clock clock = Clock.systemUTC();

    /** Adds this handler, the dead-letter topic and its serializer to {@code streamsProperties}. */
    public static void install(Properties streamsProperties, Topics topics) {
        streamsProperties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProcessingHandler.class.getName());
        streamsProperties.put(TOPIC_CONFIG, topics.deadLetters().name());
        streamsProperties.put(SERIALIZER_CONFIG, topics.deadLetters().valueSerde().serializer());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        this.topic = (String) Objects.requireNonNull(configs.get(TOPIC_CONFIG), TOPIC_CONFIG);
        this.serializer = (Serializer<DeadLetter>) Objects.requireNonNull(configs.get(SERIALIZER_CONFIG),
                SERIALIZER_CONFIG);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (isSystemic(exception)) {
            LOG.error("processor {} failed on {}-{}@{} with a schema-registry failure: the stream thread fails and the"
                    + " record is retried", context.processorNodeId(), context.topic(), context.partition(),
                    context.offset(), exception);
            return Response.fail();
        }
        DeadLetter letter = letter(context, record, exception);
        LOG.error("processor {} failed unexpectedly on {}-{}@{}: dead letter INTERNAL, going on with the next record",
                context.processorNodeId(), context.topic(), context.partition(), context.offset(), exception);
        byte[] key = context.sourceRawKey();
        byte[] value = serializer.serialize(topic, letter);
        return Response.resume(List.of(new ProducerRecord<>(topic, null, key, value)));
    }

    DeadLetter letter(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        byte[] key = context.sourceRawKey();
        byte[] value = context.sourceRawValue();
        DeadLetter letter = DeadLetter.newBuilder()
                .setOriginalTopic(context.topic())
                .setPartition(context.partition())
                .setOffset(context.offset())
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setStage("processor " + context.processorNodeId())
                .setReason(ReasonCode.INTERNAL)
                .setMessage("unexpected " + exception)
                .setErrorClass(exception.getClass().getName())
                .setAttempts(DeadLetters.attempts(context.headers()))
                .setTime(clock.instant())
                .build();
        // Past intake the record holds the decoded event: its study and revision.
        Object in = record == null ? null : record.value();
        StudyEvent event = in instanceof IntakeOutcome intake ? intake.accepted()
                : in instanceof AnalysisOutcome analysed && analysed.input() != null ? analysed.input().accepted() : null;
        if (event != null) {
            letter.setStudyInstanceUid(event.getStudyInstanceUid());
            letter.setRevision(event.getRevision());
        }
        return letter;
    }

    static boolean isSystemic(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryException) {
                return true;
            }
        }
        return false;
    }
}
