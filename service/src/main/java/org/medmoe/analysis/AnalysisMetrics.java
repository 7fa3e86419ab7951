package org.medmoe.analysis;

import org.medmoe.model.Routing;

/**
 * What analysis reports for metrics: stage durations, the dynamic batchers' batches, and the
 * model's expert routing. Plain Java, so that this package needs no metrics library; the service
 * implements it. Called from stream threads and from the batchers' worker threads at once, so
 * implementations must be thread-safe and quick. Every method does nothing by default.
 */
public interface AnalysisMetrics {
    /** Reports nothing. */
    AnalysisMetrics NONE = new AnalysisMetrics() {
    };

    /** One run of {@code stage} took {@code nanos}. */
    default void stage(PipelineStage stage, long nanos) {
    }

    /**
     * One batch of the batcher named {@code batcher} ran.
     *
     * @param size requests in the batch
     * @param maxQueueWaitNanos the longest time one of them waited in the queue
     * @param runNanos the model call
     */
    default void batch(String batcher, int size, long maxQueueWaitNanos, long runNanos) {
    }

    /** The model routed one request's positions as {@code routing} says. */
    default void routed(Routing routing) {
    }
}
