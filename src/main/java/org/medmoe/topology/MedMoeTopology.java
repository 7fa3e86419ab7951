package org.medmoe.topology;

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
 * pacs.study.events (raw bytes)
 *   -> intake: decode, validate, drop repeats of (study, revision)   [store study-revisions]
 *   -> accepted events -> medmoe.study.accepted
 *   -> dead letters    -> medmoe.dead-letters
 * medmoe.study.accepted (raw bytes)
 *   -> analysis: plan, fetch, decode, model, aggregate, triage, draft [store study-published-revisions]
 *   -> medmoe.findings, medmoe.triage, medmoe.report-drafts
 *   -> dead letters    -> medmoe.dead-letters
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

        intake.split(Named.as("intake-"))
                .branch((key, outcome) -> outcome.isDeadLetter(), Branched.withConsumer(letters -> letters
                        .mapValues(IntakeOutcome::deadLetter, Named.as("intake-dead-letter"))
                        .to(topics.deadLetters().name(), topics.deadLetters().produced("dead-letters-sink")),
                        "rejected"))
                .defaultBranch(Branched.withConsumer(accepted -> accepted
                        .mapValues(IntakeOutcome::accepted, Named.as("intake-accepted-event"))
                        .to(topics.accepted().name(), topics.accepted().produced("accepted-sink")), "accepted"));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PUBLISHED_STORE),
                Serdes.String(), Serdes.Long()));
        KStream<String, AnalysisOutcome> analysed = builder
                .stream(topics.acceptedRaw().name(), topics.acceptedRaw().consumed("accepted-source"))
                .process(() -> new AnalysisProcessor(PUBLISHED_STORE, topics.studyEventSerde().deserializer(),
                        deps.analysis(), deps.clock(), deps.outcomes()), Named.as("analysis"), PUBLISHED_STORE);
        analysed.split(Named.as("analysis-"))
                .branch((key, outcome) -> outcome.isDeadLetter(), Branched.withConsumer(letters -> letters
                        .mapValues(AnalysisOutcome::deadLetter, Named.as("analysis-dead-letter"))
                        .to(topics.deadLetters().name(), topics.deadLetters().produced("analysis-dead-letters-sink")),
                        "rejected"))
                .defaultBranch(Branched.withConsumer(results -> {
                    results.mapValues(o -> o.result().findings(), Named.as("analysis-findings"))
                            .to(topics.findings().name(), topics.findings().produced("findings-sink"));
                    results.mapValues(o -> o.result().triage(), Named.as("analysis-triage"))
                            .to(topics.triage().name(), topics.triage().produced("triage-sink"));
                    results.mapValues(o -> o.result().draft(), Named.as("analysis-report-draft"))
                            .to(topics.reportDrafts().name(), topics.reportDrafts().produced("report-drafts-sink"));
                }, "published"));

        return builder.build();
    }
}
