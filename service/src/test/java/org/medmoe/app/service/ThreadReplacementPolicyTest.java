package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {
    private Instant now = Instant.parse("2026-11-25T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void shouldReplaceThreadsWithinTheBudgetThenShutDown() {
        var policy = new ThreadReplacementPolicy(2, Duration.ofMinutes(10), clock);
        var error = new IllegalStateException("boom");

        assertThat(policy.handle(error)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(policy.handle(error)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(policy.handle(error)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldForgetReplacementsOlderThanTheWindow() {
        var policy = new ThreadReplacementPolicy(1, Duration.ofMinutes(10), clock);
        var error = new IllegalStateException("boom");

        assertThat(policy.handle(error)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        now = now.plus(Duration.ofMinutes(11));
        assertThat(policy.handle(error)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
