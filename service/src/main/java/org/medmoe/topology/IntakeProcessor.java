package org.medmoe.topology;

import static org.medmoe.topology.SourceRecords.utf8Key;

import java.time.Clock;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.medmoe.ingest.StudyEventValidator;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stage: decode the raw StudyEvent, validate it, and drop exact repeats of (study UID,
 * revision). Forwards one {@link IntakeOutcome} per input that is not a repeat.
 *
 * <p>The store maps a study UID to the highest revision accepted so far. A revision equal to it is
 * an exact duplicate (dropped), unless it is a replayed dead letter ({@link MedMoeTopology#REPLAYED_FROM_HEADER}),
 * which goes to analysis again; a lower one is stale, already superseded (dropped, logged). Undecodable
 * bytes and invalid events become dead letters. A failure of the registry itself is not the record's
 * fault: it propagates, so the record is retried rather than dead-lettered.
 */
final class IntakeProcessor implements Processor<byte[], byte[], String, IntakeOutcome> {
    static final String STAGE = "intake";
    private static final Logger LOG = LoggerFactory.getLogger(IntakeProcessor.class);

    private final String storeName;
    private final Deserializer<StudyEvent> deserializer;
    private final StudyEventValidator validator;
    private final Clock clock;
    private final OutcomeListener outcomes;
    private ProcessorContext<String, IntakeOutcome> context;
    private KeyValueStore<String, Long> revisions;

    IntakeProcessor(String storeName, Deserializer<StudyEvent> deserializer, StudyEventValidator validator,
            Clock clock, OutcomeListener outcomes) {
        this.storeName = storeName;
        this.deserializer = deserializer;
        this.validator = validator;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    @Override
    public void init(ProcessorContext<String, IntakeOutcome> context) {
        this.context = context;
        this.revisions = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        try (RecordMdc mdc = RecordMdc.of(source)) {
            intake(record, mdc);
        }
    }

    private void intake(Record<byte[], byte[]> record, RecordMdc mdc) {
        String key = utf8Key(record.key());
        if (record.value() == null) {
            reject(record, key, null, ReasonCode.BAD_EVENT, "the record has no value (tombstone)", null);
            return;
        }
        StudyEvent event;
        try {
            RecordMetadata source = context.recordMetadata().orElse(null);
            event = StudyEventValidator.normalised(deserializer.deserialize(source == null ? null : source.topic(),
                    record.value()));
        } catch (SerializationException e) {
            reject(record, key, null, ReasonCode.UNDECODABLE_RECORD, "cannot decode the value: " + e.getMessage(), e);
            return;
        }
        if (event.getStudyInstanceUid() != null) {
            mdc.study(event.getStudyInstanceUid(), event.getRevision());
        }
        List<String> problems = validator.problems(key, event);
        if (!problems.isEmpty()) {
            reject(record, key, event, ReasonCode.BAD_EVENT, "invalid StudyEvent: " + String.join("; ", problems),
                    null);
            return;
        }
        String study = event.getStudyInstanceUid();
        Long seen = revisions.get(study);
        boolean replayed = record.headers().lastHeader(MedMoeTopology.REPLAYED_FROM_HEADER) != null;
        if (seen != null && event.getRevision() == seen && replayed) {
            LOG.info("replayed event passed to analysis again (revision already accepted)");
            context.forward(record.withKey(study).withValue(IntakeOutcome.replay(event, record.key(), record.value())));
            return;
        }
        if (seen != null && event.getRevision() <= seen) {
            if (event.getRevision() == seen) {
                LOG.debug("duplicate event dropped");
            } else {
                LOG.info("stale event dropped (revision {} already superseded by {})", event.getRevision(), seen);
            }
            return;
        }
        revisions.put(study, event.getRevision());
        LOG.info("event accepted");
        context.forward(record.withKey(study).withValue(IntakeOutcome.accept(event, record.key(), record.value())));
    }

    private void reject(Record<byte[], byte[]> record, String key, StudyEvent event, ReasonCode reason,
            String message, Throwable error) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        DeadLetter letter = DeadLetters.of(source, record, STAGE, reason, message, error,
                clock.instant());
        if (event != null) {
            letter.setStudyInstanceUid(event.getStudyInstanceUid());
            letter.setRevision(event.getRevision());
        }
        String outKey = event != null && event.getStudyInstanceUid() != null ? event.getStudyInstanceUid() : key;
        LOG.warn("dead letter {} at stage {}: key={}: {}", reason, STAGE, outKey, message);
        context.forward(record.withKey(outKey).withValue(IntakeOutcome.reject(letter)));
        outcomes.deadLettered(letter);
    }
}
