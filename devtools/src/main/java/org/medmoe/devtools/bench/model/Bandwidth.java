package org.medmoe.devtools.bench.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The memory read bandwidth a decoding step can hope for: {@code threads} threads summing disjoint
 * parts of an array far larger than the caches, best of a few passes. Decoding one token reads every
 * weight it uses once, so (weight bytes per step) / (this bandwidth) is the floor of a decoding
 * step's time. Stateless.
 */
final class Bandwidth {
    private Bandwidth() {
    }

    /**
     * Bytes per second read by {@code threads} threads over {@code bytes} of memory: the best of a dozen
     * passes, after the summing loop has been compiled (and vectorised) on a small array.
     */
    static double measure(int threads, long bytes) {
        int n = Math.toIntExact(bytes / Long.BYTES / threads);
        long[][] parts = new long[threads][n];
        for (long[] part : parts) {
            java.util.Arrays.fill(part, 1L);
        }
        long[] small = new long[4096];
        long warm = 0;
        for (int i = 0; i < 20_000; i++) {
            warm += sum(small);  // compiled before the measured passes, not replaced on the stack mid-loop
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = warm; // 0: the small array holds zeros; using it keeps the warm-up from being dropped
            for (int pass = 0; pass < 12; pass++) {
                long t0 = System.nanoTime();
                List<Future<Long>> sums = new ArrayList<>();
                for (long[] part : parts) {
                    sums.add(pool.submit(() -> sum(part)));
                }
                long total = 0;
                for (Future<Long> f : sums) {
                    total += f.get();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (total == (long) n * threads) {
                    best = Math.max(best, (double) n * threads * Long.BYTES / seconds);
                }
            }
            return best;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while measuring the memory bandwidth", e);
        } catch (ExecutionException e) {
            throw new BenchmarkException("memory bandwidth measurement failed: " + e.getCause(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One sum of longs, a loop the JIT compiler turns into vector loads (read at about the memory's speed). */
    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) {
            s += v;
        }
        return s;
    }
}
