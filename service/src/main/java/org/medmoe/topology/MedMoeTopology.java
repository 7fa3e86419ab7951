package org.medmoe.topology;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the MedMoE Stream topology. Every processor, store and internal topic has an explicit
 * name; renaming one is a breaking change (state and internal topics are tied to names).
 *
 * <pre>
 * pacs.study.events (raw bytes), one sub-topology
 *   -> intake: decode, validate, drop repeats of (study, revision)   [store study-revisions]
 *      -> dead letters    -> medmoe.dead-letters
 *      -> accepted events -> medmoe.study.accepted (an output only: nothing here reads it)
 *      -> analysis: plan, fetch, decode, model, aggregate, triage, draft [store study-published-revisions]
 *         -> medmoe.findings, medmoe.triage, medmoe.report-drafts
 *         -> sr-writeback: the findings as a DICOM SR, STOW-RS to the study's PACS (when enabled)
 *            -> a failed write-back -> medmoe.dead-letters (the findings are published all the same)
 *         -> dead letters    -> medmoe.dead-letters
 * </pre>
 */
public final class MedMoeTopology {
    /** Highest accepted revision per study (de-duplication). */
    public static final String REVISIONS_STORE = "study-revisions";
    /**
     * Record header with the number of times an input was already tried and dead-lettered; a
     * replayed dead letter carries it, and a new dead letter for it counts one more attempt.
     */
    public static final String ATTEMPTS_HEADER = "medmoe.attempts";

    /**
     * Header naming the dead letter a replayed record came from ({@code medmoe dead-letters replay}
     * sets it). Intake passes such a record to analysis again even when its (study, revision) was
     * accepted before; analysis still skips a revision whose results are already published.
     */
    public static final String REPLAYED_FROM_HEADER = "medmoe.replayed.from";
    /**
     * Streams property (an app config the analysis processor reads): how many times the analysis of
     * one input may take the process or its stream thread down before the input is quarantined as a
     * dead letter POISON_RECORD (0: never).
     */
    public static final String POISON_DEATHS_CONFIG = "medmoe.errors.poison.record.deaths";
    /** Default of {@link #POISON_DEATHS_CONFIG}. */
    public static final int DEFAULT_POISON_DEATHS = 3;
    /** Last revision per study whose results were published (idempotence, supersedes). */
    public static final String PUBLISHED_STORE = "study-published-revisions";

    private MedMoeTopology() {
    }

    /** The one builder function: {@code Main} and the tests both call it. */
    public static Topology build(TopologyDeps deps) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(deps.streamsProperties())));
        Topics topics = deps.topics();

        StoreBuilder<KeyValueStore<String, Long>> revisions = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REVISIONS_STORE), Serdes.String(), Serdes.Long());
        builder.addStateStore(revisions);

        KStream<String, IntakeOutcome> intake = builder
                .stream(topics.studyEventsRaw().name(), topics.studyEventsRaw().consumed("study-events-source"))
                .process(() -> new IntakeProcessor(REVISIONS_STORE, topics.studyEventSerde().deserializer(),
                        deps.validator(), deps.clock(), deps.outcomes()), Named.as("intake"), REVISIONS_STORE);

        Map<String, KStream<String, IntakeOutcome>> branches = intake.split(Named.as("intake-"))
                .branch((key, outcome) -> outcome.isDeadLetter(), Branched.as("rejected"))
                .defaultBranch(Branched.as("accepted"));
        branches.get("intake-rejected")
                .mapValues(IntakeOutcome::deadLetter, Named.as("intake-dead-letter"))
                .to(topics.deadLetters().name(), topics.deadLetters().produced("dead-letters-sink"));
        KStream<String, IntakeOutcome> accepted = branches.get("intake-accepted");
        // The accepted topic is an output (audit, other consumers); analysis follows intake in the
        // same sub-topology, so a study is analysed without waiting for intake's commit (ADR 5).
        // A replayed dead letter of a revision accepted before goes to analysis again, not to the
        // accepted topic a second time.
        accepted.filterNot((key, outcome) -> outcome.replayed(), Named.as("intake-accepted-first-time"))
                .mapValues(IntakeOutcome::accepted, Named.as("intake-accepted-event"))
                .to(topics.accepted().name(), topics.accepted().produced("accepted-sink"));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PUBLISHED_STORE),
                Serdes.String(), Serdes.Long()));
        KStream<String, AnalysisOutcome> analysed = accepted
                .process(() -> new AnalysisProcessor(PUBLISHED_STORE, deps.analysis(), deps.clock(), deps.outcomes()),
                        Named.as("analysis"), PUBLISHED_STORE);
        analysed.split(Named.as("analysis-"))
                .branch((key, outcome) -> outcome.isDeadLetter(), Branched.withConsumer(letters -> letters
                        .mapValues(AnalysisOutcome::deadLetter, Named.as("analysis-dead-letter"))
                        .to(topics.deadLetters().name(), topics.deadLetters().produced("analysis-dead-letters-sink")),
                        "rejected"))
                .defaultBranch(Branched.withConsumer(results -> {
                    results.mapValues(o -> o.records().findings(), Named.as("analysis-findings"))
                            .to(topics.findings().name(), topics.findings().produced("findings-sink"));
                    results.mapValues(o -> o.records().triage(), Named.as("analysis-triage"))
                            .to(topics.triage().name(), topics.triage().produced("triage-sink"));
                    results.mapValues(o -> o.records().draft(), Named.as("analysis-report-draft"))
                            .to(topics.reportDrafts().name(), topics.reportDrafts().produced("report-drafts-sink"));
                    // Present whatever the configuration (SrWriteBack.DISABLED stores nothing), so the
                    // topology and its task ids do not change when write-back is switched on.
                    results.process(() -> new SrWriteBackProcessor(deps.srWriteBack(), deps.clock(), deps.outcomes()),
                                    Named.as("sr-writeback"))
                            .to(topics.deadLetters().name(),
                                    topics.deadLetters().produced("sr-writeback-dead-letters-sink"));
                }, "published"));

        return builder.build();
    }
}
