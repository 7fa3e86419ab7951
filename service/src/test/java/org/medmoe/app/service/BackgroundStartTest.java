package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A start-up step on a thread of its own: it overlaps the caller, hands back its result or failure, and can be stopped. */
class BackgroundStartTest {

    @Test
    void shouldRunTheStepWhileTheCallerGoesOn() throws InterruptedException {
        // Given a step that can only end once the caller has done its own part
        CountDownLatch callerDone = new CountDownLatch(1);
        BackgroundStart<String> step = BackgroundStart.begin("test-step", () -> {
            try {
                return callerDone.await(30, TimeUnit.SECONDS) ? Thread.currentThread().getName() : "caller never went on";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        });

        // When the caller does its part, then joins
        callerDone.countDown();

        // Then the step ran on its own thread, beside the caller
        assertThat(step.join()).isEqualTo("test-step");
    }

    @Test
    void shouldThrowTheStepsOwnExceptionOnJoin() {
        ServiceStartException failure = new ServiceStartException("registry refused");
        BackgroundStart<String> step = BackgroundStart.begin("test-step", () -> {
            throw failure;
        });

        assertThatThrownBy(step::join).isSameAs(failure);
    }

    @Test
    void shouldInterruptAStepThatIsCancelled() throws InterruptedException {
        // Given a step that has begun to wait for a long time
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        BackgroundStart<String> step = BackgroundStart.begin("test-step", () -> {
            started.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                return "slept";
            } catch (InterruptedException e) {
                interrupted.countDown();
                return "interrupted";
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        // When the start fails elsewhere and cancels it
        step.cancel();

        // Then the step's thread was interrupted, and joining says it was cancelled
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(step::join).isInstanceOf(ServiceStartException.class).hasMessageContaining("cancelled");
    }
}
