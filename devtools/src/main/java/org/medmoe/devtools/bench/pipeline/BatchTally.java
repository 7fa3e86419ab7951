package org.medmoe.devtools.bench.pipeline;

import java.util.concurrent.atomic.LongAdder;
import org.medmoe.analysis.AnalysisMetrics;
import org.medmoe.app.ops.ServiceMetrics;

/**
 * Model batches run and the requests (images) in them, as counted so far; the difference of two
 * tallies gives the mean batch size between them.
 */
record BatchTally(long batches, long requests) {

    /** The service's own count, as its metrics have it. */
    static BatchTally of(ServiceMetrics.Batches counted) {
        return new BatchTally(counted.batches(), counted.requests());
    }

    /** Mean requests per batch since {@code earlier}; NaN when no batch ran. */
    double meanSince(BatchTally earlier) {
        long n = batches - earlier.batches;
        return n == 0 ? Double.NaN : (double) (requests - earlier.requests) / n;
    }

    /** Analysis metrics that only count batches and their requests. Thread-safe. */
    static final class Counter implements AnalysisMetrics {
        private final LongAdder batches = new LongAdder();
        private final LongAdder requests = new LongAdder();

        @Override
        public void batch(String batcher, int size, long maxQueueWaitNanos, long runNanos) {
            batches.increment();
            requests.add(size);
        }

        BatchTally tally() {
            return new BatchTally(batches.sum(), requests.sum());
        }
    }
}
