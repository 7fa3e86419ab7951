package org.medmoe.devtools.bench.pipeline;

import java.util.List;
import org.medmoe.devtools.samples.SampleStudies;

/**
 * One side of {@code bench pipeline}, open for the whole of one batch size: the service on the
 * embedded stack ({@link PipelineSide}) or the model alone ({@link ModelAloneSide}). Each call runs
 * the given studies and measures them as one window. Used by one thread at a time.
 */
interface BenchSide extends AutoCloseable {
    /** Runs {@code samples} (distinct studies, never run before on this side) and measures them. */
    WindowMeasure measure(List<SampleStudies.Sample> samples) throws Exception;

    @Override
    void close() throws Exception;
}
