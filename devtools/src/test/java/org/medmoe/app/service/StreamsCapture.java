package org.medmoe.app.service;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.medmoe.analysis.AnalysisMetrics;
import org.medmoe.model.ModelInfo;
import org.medmoe.topology.OutcomeListener;

/** A {@link ServiceObserver} that reports nothing, as {@link ServiceObserver#NONE}, but keeps the service's Kafka Streams. */
final class StreamsCapture {

    private StreamsCapture() {
    }

    /** An observer that puts each Kafka Streams instance the service creates into {@code streams}. */
    static ServiceObserver into(AtomicReference<KafkaStreams> streams) {
        return into(streams, ServiceObserver.NONE::modelLoaded);
    }

    /** As {@link #into(AtomicReference)}, handing the loaded model's description to {@code modelLoaded}. */
    static ServiceObserver into(AtomicReference<KafkaStreams> streams, Consumer<ModelInfo> modelLoaded) {
        return new ServiceObserver() {
            @Override
            public AnalysisMetrics analysisMetrics() {
                return ServiceObserver.NONE.analysisMetrics();
            }

            @Override
            public OutcomeListener outcomes() {
                return ServiceObserver.NONE.outcomes();
            }

            @Override
            public AutoCloseable streamsCreated(KafkaStreams created) {
                streams.set(created);
                return () -> { };
            }

            @Override
            public void modelLoaded(ModelInfo info) {
                modelLoaded.accept(info);
            }

            @Override
            public void modelUnloaded() {
                ServiceObserver.NONE.modelUnloaded();
            }
        };
    }
}
