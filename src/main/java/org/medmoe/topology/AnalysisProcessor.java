package org.medmoe.topology;

import static org.medmoe.topology.SourceRecords.utf8Key;

import java.time.Clock;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.medmoe.analysis.AnalysisException;
import org.medmoe.analysis.StudyAnalysis;
import org.medmoe.analysis.StudyAnalyzer;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second stage: analyse an accepted study revision and forward its findings, triage decision and
 * report draft, or a dead letter. The store maps a study to the last revision whose results were
 * published: a revision at or below it is not analysed again (idempotent re-delivery), and the
 * results of a newer one say which revision they supersede.
 *
 * <p>Every accepted event ends in exactly one outcome line in the log (published with its status and
 * timings, skipped, or dead-lettered), with the record's topic, partition, offset, study and
 * revision in the MDC ({@link RecordMdc}), and one call of the {@link OutcomeListener}.
 */
final class AnalysisProcessor implements Processor<byte[], byte[], String, AnalysisOutcome> {
    static final String STAGE_DECODE = "analysis-decode";
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisProcessor.class);

    private final String storeName;
    private final Deserializer<StudyEvent> deserializer;
    private final StudyAnalysis analysis;
    private final Clock clock;
    private final OutcomeListener outcomes;
    private ProcessorContext<String, AnalysisOutcome> context;
    private KeyValueStore<String, Long> published;

    AnalysisProcessor(String storeName, Deserializer<StudyEvent> deserializer, StudyAnalysis analysis, Clock clock,
            OutcomeListener outcomes) {
        this.storeName = storeName;
        this.deserializer = deserializer;
        this.analysis = analysis;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    @Override
    public void init(ProcessorContext<String, AnalysisOutcome> context) {
        this.context = context;
        this.published = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        try (RecordMdc mdc = RecordMdc.of(source)) {
            StudyEvent event;
            try {
                event = deserializer.deserialize(source == null ? null : source.topic(), record.value());
            } catch (SerializationException e) {
                forwardLetter(record, null, DeadLetters.of(source, record, STAGE_DECODE,
                        ReasonCode.UNDECODABLE_RECORD, "cannot decode the accepted event: " + e.getMessage(), e,
                        clock.instant()));
                return;
            }
            String study = event.getStudyInstanceUid();
            mdc.study(study, event.getRevision());
            analyse(record, source, event, study);
        }
    }

    /** Analyses and forwards; logs exactly one outcome line for the study revision. */
    private void analyse(Record<byte[], byte[]> record, RecordMetadata source, StudyEvent event, String study) {
        Long last = published.get(study);
        if (last != null && event.getRevision() <= last) {
            LOG.info("outcome SKIPPED: revision already published (last published revision {})", last);
            return;
        }
        long t0 = System.nanoTime();
        StudyAnalyzer.Result result;
        try {
            result = analysis.analyze(event, last);
        } catch (AnalysisException e) {
            DeadLetter letter = DeadLetters.of(source, record, e.stage(), e.reason(),
                    e.getMessage(), e, clock.instant());
            letter.setStudyInstanceUid(study);
            letter.setRevision(event.getRevision());
            forwardLetter(record, study, letter);
            return;
        }
        long t1 = System.nanoTime();
        published.put(study, event.getRevision());
        context.forward(record.withKey(study).withValue(new AnalysisOutcome(result, null)));
        long t2 = System.nanoTime();
        StudyFindings findings = result.findings();
        LOG.info("outcome {}: {} image(s), triage {}, supersedes {}, timings ms {} publish={}",
                findings.getStatus().getCode(), findings.getImages().size(), result.triage().getPriority(),
                last == null ? "-" : last, OutcomeLines.timings(findings.getTimingsMillis()),
                OutcomeLines.millis(t2 - t1));
        outcomes.published(findings, t1 - t0, t2 - t1);
    }

    private void forwardLetter(Record<byte[], byte[]> record, String study, DeadLetter letter) {
        LOG.warn("outcome DEAD_LETTER {} at stage {}: {}", letter.getReason(), letter.getStage(), letter.getMessage());
        String key = study != null ? study : utf8Key(record.key());
        context.forward(record.withKey(key).withValue(new AnalysisOutcome(null, letter)));
        outcomes.deadLettered(letter);
    }
}
