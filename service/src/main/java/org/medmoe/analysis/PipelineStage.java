package org.medmoe.analysis;

import java.util.Locale;

/** The timed stages of the pipeline, as reported to {@link AnalysisMetrics} and the topology's listener. */
public enum PipelineStage {
    /** Reading one selected instance from the PACS or folder. */
    FETCH,
    /** Decoding the frames of one instance (pixel data to image). */
    DECODE,
    /** Rendering and pre-processing one decoded frame into the model's input tensor. */
    PREPARE,
    /** The vision encoder, once per model batch. */
    MODEL_VISION,
    /** Embedding and decoder prefill of the prompts, once per model batch. */
    MODEL_PREFILL,
    /** Greedy decoding or candidate scoring after the prefill, once per model batch. */
    MODEL_DECODE,
    /** Handing one study's results to the output topics. */
    PUBLISH;

    /** The name in metrics: lower case, e.g. {@code model_vision}. */
    public String metricName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
