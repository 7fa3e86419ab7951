package org.medmoe.app.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.medmoe.analysis.AnalysisMetrics;
import org.medmoe.app.service.ServiceObserver;
import org.medmoe.model.ModelInfo;
import org.medmoe.topology.OutcomeListener;

/**
 * Metrics and health of one service instance: a Prometheus registry with the service's own meters
 * ({@link ServiceMetrics}), the JVM's, Kafka Streams' (Micrometer's {@link KafkaStreamsMetrics}
 * binder) and the model's execution provider, plus the {@link ServiceHealth} the HTTP endpoint
 * answers from. Created once per process by the command that runs the service; {@link #close}
 * releases the registry after the service and the endpoint have stopped.
 */
public final class Observability implements ServiceObserver, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ServiceMetrics metrics = new ServiceMetrics(registry);
    private final ServiceHealth health = new ServiceHealth();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Observability() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        Gauge.builder("medmoe.ready", health, h -> h.notReady().isEmpty() ? 1 : 0)
                .description("1 when the model is loaded and Kafka Streams is RUNNING, else 0").register(registry);
    }

    /** The service's own metrics. */
    public ServiceMetrics metrics() {
        return metrics;
    }

    /** Liveness and readiness, for the HTTP endpoint. */
    public ServiceHealth health() {
        return health;
    }

    /** The metrics in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public AnalysisMetrics analysisMetrics() {
        return metrics;
    }

    @Override
    public OutcomeListener outcomes() {
        return metrics;
    }

    /** Binds Kafka Streams' metrics; the caller closes the binder when it closes {@code streams}. */
    @Override
    public AutoCloseable streamsCreated(KafkaStreams streams) {
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams);
        binder.bindTo(registry);
        health.streams(streams);
        return binder;
    }

    /** The model's sessions are loaded: readiness, and the {@code medmoe_model_execution_provider} gauge. */
    @Override
    public void modelLoaded(ModelInfo info) {
        Gauge.builder("medmoe.model.execution.provider", () -> 1)
                .description("The execution provider the model runs on (value 1, the provider in a tag)")
                .tag("provider", info.executionProvider()).tag("model", info.name()).tag("version", info.version())
                .register(registry);
        health.model(info);
    }

    /** The model's sessions are closed. */
    @Override
    public void modelUnloaded() {
        health.model(null);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
