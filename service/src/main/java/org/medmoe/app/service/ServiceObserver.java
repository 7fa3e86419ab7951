package org.medmoe.app.service;

import org.apache.kafka.streams.KafkaStreams;
import org.medmoe.analysis.AnalysisMetrics;
import org.medmoe.model.ModelInfo;
import org.medmoe.topology.OutcomeListener;

/**
 * What the running service reports while it starts, runs and stops: the analysis' stages, batches and
 * routing, each study's outcome, its Kafka Streams instance and whether the model is loaded.
 * Operations ({@code app.ops}) implements it with metrics and health; {@link #NONE} reports nothing.
 * Implementations are thread-safe: stream threads and the batcher call the listeners at once.
 */
public interface ServiceObserver {
    /** Reports nothing. */
    ServiceObserver NONE = new ServiceObserver() {
        @Override
        public AnalysisMetrics analysisMetrics() {
            return AnalysisMetrics.NONE;
        }

        @Override
        public OutcomeListener outcomes() {
            return OutcomeListener.NONE;
        }

        @Override
        public AutoCloseable streamsCreated(KafkaStreams streams) {
            return () -> { };
        }

        @Override
        public void modelLoaded(ModelInfo info) {
        }

        @Override
        public void modelUnloaded() {
        }
    };

    /** Where the analysis reports its stages, the model's batches and its expert routing. */
    AnalysisMetrics analysisMetrics();

    /** Where the topology reports each study revision published and each dead letter. */
    OutcomeListener outcomes();

    /**
     * The service created {@code streams} (not yet started); the result is closed when the service
     * closes it.
     */
    AutoCloseable streamsCreated(KafkaStreams streams);

    /** The model's sessions are loaded. */
    void modelLoaded(ModelInfo info);

    /** The model's sessions are closed. */
    void modelUnloaded();
}
