package org.medmoe.topology;

import java.nio.file.Path;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.medmoe.analysis.AnalysisException;
import org.medmoe.analysis.StudyAnalysis;
import org.medmoe.analysis.StudyAnalyzer;
import org.medmoe.findings.FindingsMapper;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second stage, in the same sub-topology as intake: analyse an accepted study revision and forward
 * its findings, triage decision and report draft, or a dead letter that carries the original input
 * record (topic, partition, offset and bytes of the {@code pacs.study.events} record). An unexpected
 * exception of the analysis (a defect) is a dead letter too, reason INTERNAL at stage
 * {@value #STAGE_UNEXPECTED}, so that no input kills the stream thread; an input whose analysis
 * took the process (or its stream thread) down as many times as allowed is quarantined as a dead
 * letter POISON_RECORD ({@link PoisonGuard}). The store
 * maps a study to the last revision whose results were published: a revision at or below it is not
 * analysed again, and the results of a newer one say which revision they supersede.
 *
 * <p>Every accepted event ends in exactly one outcome line in the log (published with its status and
 * timings, skipped, or dead-lettered), with the record's topic, partition, offset, study and
 * revision in the MDC ({@link RecordMdc}), and one call of the {@link OutcomeListener}.
 */
final class AnalysisProcessor implements Processor<String, IntakeOutcome, String, AnalysisOutcome> {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisProcessor.class);
    /** Stage of a dead letter whose analysis threw an unexpected exception (reason INTERNAL). */
    static final String STAGE_UNEXPECTED = "analysis";

    private final String storeName;
    private final StudyAnalysis analysis;
    private final Clock clock;
    private final OutcomeListener outcomes;
    private ProcessorContext<String, AnalysisOutcome> context;
    private KeyValueStore<String, Long> published;
    private PoisonGuard guard;

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
        Object limit = context.appConfigs().get(MedMoeTopology.POISON_DEATHS_CONFIG);
        // Beside the task folders, not in one: Kafka Streams wipes a task's folder when it restores the
        // task after a crash under exactly-once, which would forget every death counted there.
        Path applicationState = context.stateDir().toPath().toAbsolutePath().getParent();
        this.guard = new PoisonGuard(applicationState.resolve(PoisonGuard.FOLDER),
                limit == null ? MedMoeTopology.DEFAULT_POISON_DEATHS : Integer.parseInt(limit.toString()));
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
        if (quarantined(record, source, event)) {
            return;
        }
        long t0 = System.nanoTime();
        StudyAnalyzer.Result result;
        FindingsMapper.Records records;
        try {
            result = analysis.analyze(event, last);
            records = FindingsMapper.records(result.findings(), result.triage(), result.draft());
        } catch (AnalysisException e) {
            ended(source);
            deadLetter(record, source, event, e.stage(), e.reason(), e.getMessage(), e);
            return;
        } catch (RuntimeException e) {
            // A defect, not the study's fault alone: the study becomes a dead letter and the stream
            // thread goes on with the next record, instead of dying on this one again and again.
            ended(source);
            LOG.error("analysis failed unexpectedly", e);
            deadLetter(record, source, event, STAGE_UNEXPECTED, ReasonCode.INTERNAL, "unexpected " + e, e);
            return;
        }
        // Not in a finally: an Error or the death of the process leaves the marker, and counts.
        ended(source);
        long t1 = System.nanoTime();
        published.put(study, event.getRevision());
        context.forward(record.withValue(new AnalysisOutcome(result, records, null, record.value())));
        long t2 = System.nanoTime();
        StudyFindings findings = records.findings();
        LOG.info("outcome {}: {} image(s), triage {}, supersedes {}, timings ms {} publish={}",
                findings.getStatus().getCode(), findings.getImages().size(), records.triage().getPriority(),
                last == null ? "-" : last, OutcomeLines.timings(findings.getTimingsMillis()),
                OutcomeLines.millis(t2 - t1));
        outcomes.published(findings, t1 - t0, t2 - t1);
    }

    /**
     * Marks the record as being analysed; true (and a dead letter POISON_RECORD) when its analysis
     * already took the process down as many times as allowed.
     */
    private boolean quarantined(Record<String, IntakeOutcome> record, RecordMetadata source, StudyEvent event) {
        if (source == null) {
            return false;
        }
        int died = guard.begin(source.topic(), source.partition(), source.offset());
        if (!guard.quarantine(died)) {
            return false;
        }
        ended(source);
        deadLetter(record, source, event, STAGE_UNEXPECTED, ReasonCode.POISON_RECORD, "its analysis was begun " + died
                + " times before and never ended (the process or its stream thread died in it): quarantined", null);
        return true;
    }

    private void ended(RecordMetadata source) {
        if (source != null) {
            guard.end(source.topic(), source.partition());
        }
    }

    private void deadLetter(Record<String, IntakeOutcome> record, RecordMetadata source, StudyEvent event,
            String stage, ReasonCode reason, String message, Exception error) {
        IntakeOutcome input = record.value();
        DeadLetter letter = DeadLetters.of(source, input.originalKey(), input.originalValue(), record.headers(),
                stage, reason, message, error, clock.instant());
        letter.setStudyInstanceUid(event.getStudyInstanceUid());
        letter.setRevision(event.getRevision());
        LOG.warn("outcome DEAD_LETTER {} at stage {}: {}", letter.getReason(), letter.getStage(), letter.getMessage());
        context.forward(record.withValue(new AnalysisOutcome(null, null, letter, input)));
        outcomes.deadLettered(letter);
    }
}
