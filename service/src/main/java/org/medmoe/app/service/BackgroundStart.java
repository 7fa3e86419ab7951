package org.medmoe.app.service;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) e.getCause(); // a Supplier throws nothing checked
        } catch (CancellationException e) {
            throw new ServiceStartException("a start-up step was cancelled", e);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServiceStartException("interrupted while waiting for a start-up step", e);
        }
    }

    /** Interrupts the step if it still runs; its result, if any, is dropped. */
    void cancel() {
        task.cancel(true);
    }
}
