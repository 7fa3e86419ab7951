package org.medmoe.app.service;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.medmoe.analysis.SrWriteBack;
import org.medmoe.analysis.StudyAnalysis;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.ingest.StudyEventValidator;
import org.medmoe.topology.DeadLetterProcessingHandler;
import org.medmoe.topology.MedMoeTopology;
import org.medmoe.topology.OutcomeListener;
import org.medmoe.topology.TopicNames;
import org.medmoe.topology.Topics;
import org.medmoe.topology.TopologyDeps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: builds the topology from configuration, creates missing topics, starts
 * Kafka Streams and stops it. Owns the {@link KafkaStreams} instance; {@link #close} stops it.
 * Reports what it does to a {@link ServiceObserver} (operations' metrics and health, owned by the
 * caller and closed after this service), or to none.
 */
public final class StreamService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamService.class);

    private final KafkaStreams streams;
    /** Set once the model is loaded, before {@link #start} returns. */
    private volatile AnalysisWiring analysis;
    private final ServiceObserver observer;
    private final AutoCloseable streamsObserved;
    /** The application's state folder under exactly-once, where a clean stop is marked; null otherwise. */
    private final Path stateFolder;
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile KafkaStreams.State lastState = KafkaStreams.State.CREATED;

    private StreamService(KafkaStreams streams, ServiceObserver observer, Path stateFolder) {
        this.streams = streams;
        this.observer = observer;
        this.stateFolder = stateFolder;
        this.streamsObserved = observer.streamsCreated(streams);
    }

    /** Names of the topics from configuration. */
    public static TopicNames topicNames(Config config) {
        return new TopicNames(config.string(ConfigKeys.TOPIC_STUDY_EVENTS), config.string(ConfigKeys.TOPIC_ACCEPTED),
                config.string(ConfigKeys.TOPIC_FINDINGS), config.string(ConfigKeys.TOPIC_TRIAGE),
                config.string(ConfigKeys.TOPIC_REPORT_DRAFTS), config.string(ConfigKeys.TOPIC_DEAD_LETTERS));
    }

    /** The topology this configuration runs (also used by {@code medmoe topology}). */
    public static Topology topology(Config config, Topics.SerdeFactory serdes, StudyAnalysis analysis) {
        return topology(config, serdes, analysis, OutcomeListener.NONE, SrWriteBack.DISABLED);
    }

    /** The topology with its outcome listener and SR write-back (its shape depends on neither). */
    public static Topology topology(Config config, Topics.SerdeFactory serdes, StudyAnalysis analysis,
            OutcomeListener outcomes, SrWriteBack srWriteBack) {
        return topology(config, Topics.of(topicNames(config), serdes), analysis, outcomes, srWriteBack);
    }

    private static Topology topology(Config config, Topics topics, StudyAnalysis analysis,
            OutcomeListener outcomes, SrWriteBack srWriteBack) {
        Properties props = streamsProperties(config, topics);
        TopologyDeps deps = new TopologyDeps(topics,
                new StudyEventValidator(new HashSet<>(config.list(ConfigKeys.INTAKE_MODALITIES))), analysis,
                srWriteBack, Clock.systemUTC(), props, outcomes);
        return MedMoeTopology.build(deps);
    }

    /**
     * Reads the pipeline, then, each on a thread of its own, loads the model, creates missing topics
     * (when configured) and resolves the schema id of every output value schema ({@link OutputSchemas};
     * a subject missing with auto-registration off fails here); once the topics are there it builds the
     * topology and starts Kafka Streams paused, and resumes it once the schemas and the model are in.
     * Reports to nobody. A failure of any step ends the start and stops the others.
     */
    public static StreamService start(Config config, Topics.SerdeFactory serdes) {
        return start(config, serdes, ServiceObserver.NONE);
    }

    /** As {@link #start(Config, Topics.SerdeFactory)}, reporting to {@code observer} (the caller's). */
    public static StreamService start(Config config, Topics.SerdeFactory serdes, ServiceObserver observer) {
        return start(config, serdes, observer, UnaryOperator.identity());
    }

    /** Logs every value that is not a default, with its origin; secrets are masked. */
    private static void logConfiguration(Config config) {
        for (Config.Entry e : config.maskedEntries()) {
            if (!e.origin().equals("default")) {
                LOG.info("config {} = {} ({})", e.key(), e.shown(), e.origin());
            }
        }
    }

    /**
     * As {@link #start(Config, Topics.SerdeFactory, ServiceObserver)}, with the analysis wrapped by
     * {@code wrap}: the integration tests and fault drills plant failures through it.
     */
    public static StreamService start(Config config, Topics.SerdeFactory serdes, ServiceObserver observer,
            UnaryOperator<StudyAnalysis> wrap) {
        logConfiguration(config);
        Topics topics = Topics.of(topicNames(config), serdes);
        AnalysisWiring.Prepared prepared = AnalysisWiring.prepare(config);
        // No step waits for one it does not need: the round trips to the registry and the brokers, and
        // Kafka Streams joining its group (started paused), overlap the model's loading, so that a
        // restart after a crash is back at work sooner.
        Duration registryWait = Duration.ofMillis(config.longValue(ConfigKeys.REGISTRY_STARTUP_WAIT_MS));
        BackgroundStart<Map<String, Integer>> schemas = BackgroundStart.begin("medmoe-schema-resolution",
                () -> OutputSchemas.resolve(topics, registryWait));
        BackgroundStart<Boolean> topicsCreated = BackgroundStart.begin("medmoe-topic-creation", () -> {
            if (config.bool(ConfigKeys.TOPICS_CREATE)) {
                TopicAdmin.createMissing(StreamsProperties.client(config), topicNames(config).all(),
                        config.integer(ConfigKeys.TOPICS_PARTITIONS),
                        config.integer(ConfigKeys.TOPICS_REPLICATION_FACTOR));
            }
            return true;
        });
        BackgroundStart<AnalysisWiring> model = BackgroundStart.begin("medmoe-model-load",
                () -> AnalysisWiring.load(config, prepared, observer.analysisMetrics()));
        StreamService service = null;
        boolean reported = false;
        try {
            topicsCreated.joinUnlessFailed(model, schemas);
            DeferredAnalysis deferred = new DeferredAnalysis();
            service = create(config, topics, wrap.apply(deferred), prepared.srWriteBack(), observer);
            // Paused, Kafka Streams joins the group and takes its tasks, but processes and restores nothing
            // until the schemas and the model are in.
            service.streams.pause();
            service.streams.start();
            schemas.joinUnlessFailed(model);
            AnalysisWiring analysis = model.join();
            service.analysis = analysis;
            observer.modelLoaded(analysis.model().info());
            reported = true;
            deferred.set(analysis.analyzer());
            service.streams.resume();
            return service;
        } catch (RuntimeException e) {
            schemas.cancel();
            topicsCreated.cancel();
            if (service != null) {
                service.abort();
            }
            AnalysisWiring loaded = model.awaitQuietly();
            if (loaded != null) {
                if (reported) {
                    observer.modelUnloaded();
                }
                loaded.close();
            }
            throw e;
        }
    }

    /** The Streams properties of the service: {@link StreamsProperties#streams} and the dead-letter processing handler. */
    public static Properties streamsProperties(Config config, Topics topics) {
        Properties props = StreamsProperties.streams(config);
        DeadLetterProcessingHandler.install(props, topics);
        return props;
    }

    /** The service around a Kafka Streams instance that is not started yet, with its handlers and listener. */
    private static StreamService create(Config config, Topics topics, StudyAnalysis analyzer, SrWriteBack srWriteBack,
            ServiceObserver observer) {
        Topology topology = topology(config, topics, analyzer, observer.outcomes(), srWriteBack);
        Properties props = streamsProperties(config, topics);
        Optional<Path> state = CrashedTaskState.appFolder(props);
        state.ifPresent(CrashedTaskState::removeAfterCrash);
        KafkaStreams streams = new KafkaStreams(topology, props);
        StreamService service = new StreamService(streams, observer, state.orElse(null));
        streams.setUncaughtExceptionHandler(new ThreadReplacementPolicy(
                config.integer(ConfigKeys.ERRORS_THREAD_REPLACEMENTS),
                Duration.ofMillis(config.longValue(ConfigKeys.ERRORS_THREAD_REPLACEMENT_WINDOW_MS)), Clock.systemUTC()));
        streams.setStateListener((now, before) -> {
            service.lastState = now;
            LOG.info("kafka streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                service.running.countDown();
            }
        });
        return service;
    }

    /** Stops Kafka Streams after a start that failed (no clean stop is marked); the model is not this one's. */
    private void abort() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        releaseStreamsMetrics();
    }

    private void releaseStreamsMetrics() {
        try {
            streamsObserved.close();
        } catch (Exception e) {
            LOG.warn("kafka streams metrics not released: {}", e.toString());
        }
    }

    /** Waits until Streams is RUNNING; throws if it fails or the timeout passes first. */
    public void awaitRunning(Duration timeout) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!running.await(100, TimeUnit.MILLISECONDS)) {
                if (lastState == KafkaStreams.State.ERROR || lastState == KafkaStreams.State.NOT_RUNNING) {
                    throw new ServiceStartException("kafka streams stopped while starting (state " + lastState + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new ServiceStartException("kafka streams not RUNNING after " + timeout + " (state "
                            + lastState + ")");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException("interrupted while waiting for kafka streams", e);
        }
    }

    /**
     * True once Kafka Streams has failed ({@code PENDING_ERROR} or {@code ERROR}: every stream thread
     * died, or the replacement budget was spent); a closed service has not failed.
     */
    public boolean isInError() {
        KafkaStreams.State s = lastState;
        return s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR;
    }

    /** True once Streams has stopped or failed (it will process nothing more). */
    public boolean hasFailed() {
        KafkaStreams.State s = streams.state();
        return s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_SHUTDOWN;
    }

    /** The model the service runs (for reports and health). */
    public org.medmoe.model.ModelInfo modelInfo() {
        return analysis.model().info();
    }

    /** Current Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        // Leave the group so that the partitions move at once, not after the session timeout.
        boolean failed = lastState == KafkaStreams.State.ERROR;
        boolean closed = streams.close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
        if (closed && !failed && stateFolder != null) {
            CrashedTaskState.markCleanStop(stateFolder);
        }
        releaseStreamsMetrics();
        observer.modelUnloaded();
        analysis.close();
    }
}
