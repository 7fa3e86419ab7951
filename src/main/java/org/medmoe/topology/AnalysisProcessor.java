package org.medmoe.topology;

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
import org.medmoe.schema.StudyFindings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second stage, in the same sub-topology as intake: analyse an accepted study revision and forward
 * its findings, triage decision and report draft, or a dead letter that carries the original input
 * record (topic, partition, offset and bytes of the {@code pacs.study.events} record). The store
 * maps a study to the last revision whose results were published: a revision at or below it is not
 * analysed again, and the results of a newer one say which revision they supersede.
 *
 * <p>Every accepted event ends in exactly one outcome line in the log (published with its status and
 * timings, skipped, or dead-lettered), with the record's topic, partition, offset, study and
 * revision in the MDC ({@link RecordMdc}), and one call of the {@link OutcomeListener}.
 */
final class AnalysisProcessor implements Processor<String, IntakeOutcome, String, AnalysisOutcome> {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisProcessor.class);

    private final String storeName;
    private final StudyAnalysis analysis;
    private final Clock clock;
    private final OutcomeListener outcomes;
    private ProcessorContext<String, AnalysisOutcome> context;
    private KeyValueStore<String, Long> published;

    AnalysisProcessor(String storeName, StudyAnalysis analysis, Clock clock, OutcomeListener outcomes) {
        this.storeName = storeName;
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
    public void process(Record<String, IntakeOutcome> record) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        try (RecordMdc mdc = RecordMdc.of(source)) {
            StudyEvent event = record.value().accepted();
            mdc.study(event.getStudyInstanceUid(), event.getRevision());
            analyse(record, source, event);
        }
    }

    /** Analyses and forwards; logs exactly one outcome line for the study revision. */
    private void analyse(Record<String, IntakeOutcome> record, RecordMetadata source, StudyEvent event) {
        String study = event.getStudyInstanceUid();
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
            IntakeOutcome input = record.value();
            DeadLetter letter = DeadLetters.of(source, input.originalKey(), input.originalValue(), record.headers(),
                    e.stage(), e.reason(), e.getMessage(), e, clock.instant());
            letter.setStudyInstanceUid(study);
            letter.setRevision(event.getRevision());
            LOG.warn("outcome DEAD_LETTER {} at stage {}: {}", letter.getReason(), letter.getStage(),
                    letter.getMessage());
            context.forward(record.withValue(new AnalysisOutcome(null, letter, input)));
            outcomes.deadLettered(letter);
            return;
        }
        long t1 = System.nanoTime();
        published.put(study, event.getRevision());
        context.forward(record.withValue(new AnalysisOutcome(result, null, record.value())));
        long t2 = System.nanoTime();
        StudyFindings findings = result.findings();
        LOG.info("outcome {}: {} image(s), triage {}, supersedes {}, timings ms {} publish={}",
                findings.getStatus().getCode(), findings.getImages().size(), result.triage().getPriority(),
                last == null ? "-" : last, OutcomeLines.timings(findings.getTimingsMillis()),
                OutcomeLines.millis(t2 - t1));
        outcomes.published(findings, t1 - t0, t2 - t1);
    }
}
