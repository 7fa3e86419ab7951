package org.medmoe.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups concurrent requests into batches for one model call: callers (stream threads) submit a
 * request and wait on its future; one worker thread takes the first waiting request, then adds more
 * until {@code maxBatch} requests or {@code maxWait} after the first, and runs the batch function
 * once. Each caller gets its own result, or the batch's error. When the number of submitting threads
 * is known (each submits its requests, then waits for them), the wait also ends as soon as every one
 * of them has a request in the batch: nobody is left to join it. A request whose caller gave up on
 * it before it ran (cancelled or otherwise completed its future, as a study past its budget does) is
 * dropped instead of run.
 *
 * <p>Thread-safe. The worker is a daemon thread started by the constructor; {@link #close} stops
 * accepting requests, lets the worker finish what was queued, and joins it. The batch function
 * runs on the worker thread only, so it need not be thread-safe.
 *
 * @param <I> request type
 * @param <O> result type
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

    /** Runs one batch; returns one result per request, in order. */
    @FunctionalInterface
    public interface BatchFunction<I, O> {
        List<O> apply(List<I> batch) throws Exception;
    }

    /**
     * Observes each batch (for metrics). Called on the worker thread after the batch ran and before
     * its requests' futures complete; must be quick.
     */
    @FunctionalInterface
    public interface Listener {
        void onBatch(int size, long maxQueueWaitNanos, long runNanos);
    }

    private record Pending<I, O>(I request, CompletableFuture<O> result, long enqueuedNanos, Thread submitter) {
    }

    private final String name;
    private final BatchFunction<I, O> function;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final int submitters;
    private final Listener listener;
    private final BlockingQueue<Pending<I, O>> queue;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param name names the worker thread and log lines
     * @param maxBatch most requests in one call (at least 1)
     * @param maxWait longest a request waits for others to join its batch
     * @param queueCapacity most requests waiting; beyond it {@link #submit} rejects
     */
    public DynamicBatcher(String name, BatchFunction<I, O> function, int maxBatch, Duration maxWait,
            int queueCapacity, Listener listener) {
        this(name, function, maxBatch, maxWait, 0, queueCapacity, listener);
    }

    /**
     * As above, for {@code submitters} threads that each submit, then wait for their results (0:
     * unknown): a batch stops waiting once requests of that many distinct threads are in it.
     */
    public DynamicBatcher(String name, BatchFunction<I, O> function, int maxBatch, Duration maxWait,
            int submitters, int queueCapacity, Listener listener) {
        if (submitters < 0) {
            throw new IllegalArgumentException("submitters must not be negative, was " + submitters);
        }
        this.submitters = submitters;
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.function = Objects.requireNonNull(function, "function");
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.listener = listener == null ? (size, wait, run) -> { } : listener;
        this.queue = new ArrayBlockingQueue<>(Math.max(queueCapacity, maxBatch));
        this.worker = new Thread(this::loop, "batcher-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues {@code request}; the future completes with its result or the batch's error. */
    public CompletableFuture<O> submit(I request) {
        CompletableFuture<O> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new RejectedExecutionException("batcher " + name + " is closed"));
            return result;
        }
        if (!queue.offer(new Pending<>(request, result, System.nanoTime(), Thread.currentThread()))) {
            result.completeExceptionally(new RejectedExecutionException("batcher " + name + " queue is full ("
                    + queue.size() + " waiting)"));
        }
        return result;
    }

    /** Requests waiting now. */
    public int queued() {
        return queue.size();
    }

    private void loop() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null || given(first)) {
                    continue;
                }
                batch.add(first);
                Set<Thread> senders = new HashSet<>();
                senders.add(first.submitter());
                long deadline = first.enqueuedNanos() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    boolean everyoneIn = submitters > 0 && senders.size() >= submitters;
                    Pending<I, O> next = left > 0 && !everyoneIn ? queue.poll(left, TimeUnit.NANOSECONDS)
                            : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (given(next)) {
                        continue;
                    }
                    batch.add(next);
                    senders.add(next.submitter());
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(batch, e);
                break;
            } finally {
                batch.clear();
            }
        }
        List<Pending<I, O>> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, new RejectedExecutionException("batcher " + name + " stopped"));
    }

    /**
     * True for a request whose caller gave up before it ran (it cancelled its future, e.g. its study's
     * budget ran out): it is dropped, not run.
     */
    private boolean given(Pending<I, O> pending) {
        if (!pending.result().isDone()) {
            return false;
        }
        LOG.debug("request to {} dropped: its caller gave up on it", name);
        dropped.incrementAndGet();
        return true;
    }

    /** Requests dropped so far because their callers gave up before they ran. */
    public long dropped() {
        return dropped.get();
    }

    private void run(List<Pending<I, O>> batch) {
        long start = System.nanoTime();
        long maxWait = batch.stream().mapToLong(p -> start - p.enqueuedNanos()).max().orElse(0);
        List<I> requests = batch.stream().map(Pending::request).toList();
        List<O> results;
        try {
            results = function.apply(requests);
            if (results == null || results.size() != batch.size()) {
                throw new IllegalStateException("batch function of " + name + " returned "
                        + (results == null ? "null" : results.size() + " results") + " for " + batch.size() + " requests");
            }
        } catch (Exception e) {
            LOG.warn("batch of {} requests failed in {}: {}", batch.size(), name, e.toString());
            observe(batch.size(), maxWait, System.nanoTime() - start);
            failAll(batch, e);
            return;
        }
        // Observed before the callers see their results, so that metrics never lag the answers.
        observe(batch.size(), maxWait, System.nanoTime() - start);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    /** Tells the listener; a listener that throws must not leave the callers waiting. */
    private void observe(int size, long maxWait, long run) {
        try {
            listener.onBatch(size, maxWait, run);
        } catch (RuntimeException e) {
            LOG.warn("batch listener of {} failed: {}", name, e.toString());
        }
    }

    private static <I, O> void failAll(List<Pending<I, O>> batch, Throwable error) {
        batch.forEach(p -> p.result().completeExceptionally(error));
    }

    /** Stops accepting requests, finishes those queued, and waits for the worker. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
