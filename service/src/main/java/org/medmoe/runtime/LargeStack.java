package org.medmoe.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs ONNX Runtime's one-off native set-up (environment creation, session creation) on a thread
 * with a large stack: with the JVM's default 1 MB thread stack, creating the environment crashed
 * the whole process with SIGSEGV on our machines. Session runs do not need it. Stateless.
 */
final class LargeStack {
    static final long STACK_BYTES = 16L << 20;

    private LargeStack() {
    }

    /** {@code task}'s result, computed on a fresh large-stack thread; its exception is rethrown here. */
    static <T> T call(String name, Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(task.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, "medmoe-ort-" + name, STACK_BYTES);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
