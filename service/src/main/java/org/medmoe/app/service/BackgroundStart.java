package org.medmoe.app.service;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One step of the service's start-up run on a thread of its own, so that it overlaps the steps of
 * the starting thread (the schema registry's round trips while the model loads). {@link #join}
 * hands its result, or its failure as it was thrown, to the starting thread; {@link #cancel}
 * interrupts it when the start fails elsewhere. Used by the starting thread only; the step's
 * thread is a daemon, so a step that ignores the interrupt does not hold the JVM.
 *
 * @param <T> what the step returns
 */
final class BackgroundStart<T> {
    private static final long POLL_MS = 50;

    private final FutureTask<T> task;

    private BackgroundStart(FutureTask<T> task) {
        this.task = task;
    }

    /** Starts {@code step} on a new daemon thread named {@code name}. */
    static <T> BackgroundStart<T> begin(String name, Supplier<T> step) {
        FutureTask<T> task = new FutureTask<>(step::get);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return new BackgroundStart<>(task);
    }

    /**
     * Waits for the step and returns its result.
     *
     * @throws RuntimeException the step's own exception (or error), unwrapped
     * @throws ServiceStartException when the step was cancelled, or the starting thread was
     *         interrupted while waiting
     */
    T join() {
        return joinUnlessFailed();
    }

    /**
     * As {@link #join}, but ends as soon as one of the {@code others} fails, with that step's
     * exception: a start that is bound to fail does not wait for this step first.
     */
    T joinUnlessFailed(BackgroundStart<?>... others) {
        while (true) {
            for (BackgroundStart<?> other : others) {
                if (other.task.isDone() && !other.task.isCancelled()) {
                    try {
                        other.task.get();
                    } catch (ExecutionException e) {
                        throw unwrap(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ServiceStartException("interrupted while waiting for a start-up step", e);
                    }
                }
            }
            try {
                return task.get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still running: look at the others again
            } catch (ExecutionException e) {
                throw unwrap(e);
            } catch (CancellationException e) {
                throw new ServiceStartException("a start-up step was cancelled", e);
            } catch (InterruptedException e) {
                task.cancel(true);
                Thread.currentThread().interrupt();
                throw new ServiceStartException("interrupted while waiting for a start-up step", e);
            }
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
            return r;
        }
        throw (Error) e.getCause(); // a Supplier throws nothing checked
    }

    /** Interrupts the step if it still runs; its result, if any, is dropped. */
    void cancel() {
        task.cancel(true);
    }

    /**
     * Waits for the step, not interrupted, and returns its result, or null when it failed: for a step
     * whose result must be released (a loaded model) when the start fails elsewhere.
     */
    T awaitQuietly() {
        try {
            return task.get();
        } catch (ExecutionException | CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
