package org.medmoe.topology;

import static org.medmoe.topology.SourceRecords.offset;
import static org.medmoe.topology.SourceRecords.partition;
import static org.medmoe.topology.SourceRecords.topic;

import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.medmoe.analysis.AnalysisException;
import org.medmoe.analysis.StudyAnalysis;
import org.medmoe.analysis.StudyAnalyzer;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.StudyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Second stage, in the same sub-topology as intake: analyse an accepted study revision and forward
 * its findings, triage decision and report draft, or a dead letter that carries the original input
 * record (topic, partition, offset and bytes of the {@code pacs.study.events} record). The store
 * maps a study to the last revision whose results were published: a revision at or below it is not
 * analysed again, and the results of a newer one say which revision they supersede.
 */
final class AnalysisProcessor implements Processor<String, IntakeOutcome, String, AnalysisOutcome> {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisProcessor.class);

    private final String storeName;
    private final StudyAnalysis analysis;
    private final Clock clock;
    private ProcessorContext<String, AnalysisOutcome> context;
    private KeyValueStore<String, Long> published;

    AnalysisProcessor(String storeName, StudyAnalysis analysis, Clock clock) {
        this.storeName = storeName;
        this.analysis = analysis;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, AnalysisOutcome> context) {
        this.context = context;
        this.published = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, IntakeOutcome> record) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        IntakeOutcome accepted = record.value();
        StudyEvent event = accepted.accepted();
        String study = event.getStudyInstanceUid();
        Long last = published.get(study);
        try (var ignored = MDC.putCloseable("study", study)) {
            if (last != null && event.getRevision() <= last) {
                LOG.info("study={} revision={} already published (revision {}); skipped", study, event.getRevision(),
                        last);
                return;
            }
            long t0 = System.nanoTime();
            StudyAnalyzer.Result result;
            try {
                result = analysis.analyze(event, last);
            } catch (AnalysisException e) {
                DeadLetter letter = DeadLetters.of(source, accepted.originalKey(), accepted.originalValue(), e.stage(),
                        e.reason(), e.getMessage(), e, clock.instant());
                letter.setStudyInstanceUid(study);
                letter.setRevision(event.getRevision());
                forwardLetter(record, study, letter);
                return;
            }
            published.put(study, event.getRevision());
            LOG.info("study={} revision={} status={} images={} priority={} in {} ms (topic={} partition={} offset={})",
                    study, event.getRevision(), result.findings().getStatus().getCode(),
                    result.findings().getImages().size(), result.triage().getPriority(),
                    Math.round((System.nanoTime() - t0) / 1e6), topic(source), partition(source), offset(source));
            context.forward(record.withValue(new AnalysisOutcome(result, null, accepted)));
        }
    }

    private void forwardLetter(Record<String, IntakeOutcome> record, String study, DeadLetter letter) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        LOG.warn("dead letter {} at stage {}: study={} topic={} partition={} offset={}: {}", letter.getReason(),
                letter.getStage(), study, topic(source), partition(source), offset(source), letter.getMessage());
        context.forward(record.withValue(new AnalysisOutcome(null, letter, record.value())));
    }
}
