package org.medmoe.app.ops;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.medmoe.app.service.StreamService;
import org.medmoe.model.ModelInfo;

/**
 * Liveness and readiness of the service, for {@code /health/live} and {@code /health/ready}.
 * Live: the service has not failed (Kafka Streams is not in ERROR or PENDING_ERROR). Ready: the
 * model's sessions are loaded and Kafka Streams is RUNNING. {@link StreamService} reports the model
 * and its Streams instance here as it starts and stops. Thread-safe.
 */
public final class ServiceHealth {
    private volatile KafkaStreams streams;
    private volatile ModelInfo model;

    /** The Streams instance of the service (null: none yet). */
    void streams(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The model whose sessions are loaded, or null once they are closed. */
    void model(ModelInfo model) {
        this.model = model;
    }

    /** False once Kafka Streams has failed (it processes nothing more). */
    boolean live() {
        KafkaStreams s = streams;
        if (s == null) {
            return true;
        }
        KafkaStreams.State state = s.state();
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR;
    }

    /** Why the service is not ready; empty when it is. */
    List<String> notReady() {
        List<String> reasons = new ArrayList<>();
        if (model == null) {
            reasons.add("model sessions not loaded");
        }
        KafkaStreams s = streams;
        if (s == null) {
            reasons.add("kafka streams not started");
        } else if (s.state() != KafkaStreams.State.RUNNING) {
            reasons.add("kafka streams is " + s.state() + ", not RUNNING");
        }
        return reasons;
    }

    /** Why the service is not live; empty when it is. */
    List<String> notLive() {
        KafkaStreams s = streams;
        return live() ? List.of() : List.of("kafka streams is " + (s == null ? "-" : s.state()));
    }
}
