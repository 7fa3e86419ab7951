package org.medmoe.topology;

import static org.medmoe.topology.SourceRecords.offset;
import static org.medmoe.topology.SourceRecords.partition;
import static org.medmoe.topology.SourceRecords.topic;

import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.medmoe.analysis.AnalysisException;
import org.medmoe.analysis.SrWriteBack;
import org.medmoe.findings.StudyResult;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.StudyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional stage beside the published results: stores the study's findings back to its PACS as a
 * Structured Report ({@link SrWriteBack}). It runs after analysis and before the transaction
 * commits, next to the sinks of the findings, triage and draft, which it never holds back: a
 * write-back that fails forwards a dead letter with stage {@code sr-writeback} (the original input
 * record, the study and revision, the reason) and the findings are published all the same. Nothing
 * is forwarded when the SR is stored or not wanted.
 */
final class SrWriteBackProcessor implements Processor<String, AnalysisOutcome, String, DeadLetter> {
    private static final Logger LOG = LoggerFactory.getLogger(SrWriteBackProcessor.class);

    private final SrWriteBack writeBack;
    private final Clock clock;
    private final OutcomeListener outcomes;
    private ProcessorContext<String, DeadLetter> context;

    SrWriteBackProcessor(SrWriteBack writeBack, Clock clock, OutcomeListener outcomes) {
        this.writeBack = writeBack;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    @Override
    public void init(ProcessorContext<String, DeadLetter> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, AnalysisOutcome> record) {
        AnalysisOutcome outcome = record.value();
        StudyEvent event = outcome.input().accepted();
        StudyResult findings = outcome.result().findings();
        RecordMetadata source = context.recordMetadata().orElse(null);
        try {
            Optional<String> stored = writeBack.store(event, findings);
            stored.ifPresent(sop -> LOG.info("study={} revision={} SR {} stored (topic={} partition={} offset={})",
                    findings.studyInstanceUid(), findings.revision(), sop, topic(source), partition(source),
                    offset(source)));
        } catch (AnalysisException e) {
            DeadLetter letter = DeadLetters.of(source, outcome.input().originalKey(), outcome.input().originalValue(),
                    record.headers(), e.stage(), e.reason(), e.getMessage(), e, clock.instant());
            letter.setStudyInstanceUid(findings.studyInstanceUid());
            letter.setRevision(findings.revision());
            LOG.warn("dead letter {} at stage {}: study={} revision={} topic={} partition={} offset={}: {} "
                    + "(findings published)", letter.getReason(), letter.getStage(), findings.studyInstanceUid(),
                    findings.revision(), topic(source), partition(source), offset(source), letter.getMessage());
            context.forward(record.withValue(letter));
            outcomes.deadLettered(letter);
        }
    }
}
