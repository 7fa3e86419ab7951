package org.medmoe.app.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uncaught-exception handler with an explicit budget: a stream thread that dies of an unexpected
 * error is replaced, at most {@code maxReplacements} times within {@code window}; past that the
 * instance shuts down (a systemic failure, e.g. a registry that stays down, should not spin).
 */
final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

    private final int maxReplacements;
    private final Duration window;
    private final Clock clock;
    private final Deque<Long> replacements = new ArrayDeque<>();

    ThreadReplacementPolicy(int maxReplacements, Duration window, Clock clock) {
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = clock.millis();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > window.toMillis()) {
            replacements.removeFirst();
        }
        if (replacements.size() >= maxReplacements) {
            LOG.error("stream thread failed again ({} replacements within {}): shutting down the instance",
                    replacements.size(), window, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        LOG.error("stream thread failed; replacing it ({} of {} within {})", replacements.size(), maxReplacements,
                window, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
