package org.medmoe.app;

import java.util.List;

/**
 * One side of {@code bench pipeline}, open for the whole of one batch size: the service on the
 * embedded stack ({@link PipelineSide}) or the model alone ({@link ModelAloneSide}). Each call runs
 * the given studies and measures them as one window. Used by one thread at a time.
 */
interface BenchSide extends AutoCloseable {
    /** Runs {@code samples} (distinct studies, never run before on this side) and measures them. */
    WindowMeasure measure(List<DemoStudies.Sample> samples) throws Exception;

    @Override
    void close() throws Exception;
}
