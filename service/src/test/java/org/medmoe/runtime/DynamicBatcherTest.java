package org.medmoe.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

    @Test
    void shouldGroupConcurrentRequestsUpToTheMaximumBatch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("t", batch -> {
            release.await(5, TimeUnit.SECONDS);
            return batch.stream().map(i -> i * 10).toList();
        }, 4, Duration.ofSeconds(2), 100, (size, wait, run) -> batchSizes.add(size))) {
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(batcher.submit(i));
            }
            release.countDown();

            for (int i = 0; i < 10; i++) {
                assertThat(results.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i * 10);
            }
        }
        assertThat(batchSizes).containsExactly(4, 4, 2);
    }

    @Test
    void shouldRunAtOnceWithoutWaitAndTakeWhatQueuedWhileTheModelWasBusy() throws Exception {
        // Given no wait and a batch function that holds its first batch
        CountDownLatch firstBatch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("t", holding(firstBatch, release), 8,
                Duration.ZERO, 10, (size, wait, run) -> batchSizes.add(size))) {
            // When one request arrives alone, then three more while its batch runs
            CompletableFuture<Integer> first = batcher.submit(0);
            assertThat(firstBatch.await(30, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Integer>> later = List.of(batcher.submit(1), batcher.submit(2), batcher.submit(3));
            waitUntil(() -> batcher.queued() == 3);
            release.countDown();
            // Then the first ran alone at once, and the three queued ones ran together next
            assertThat(first.get(30, TimeUnit.SECONDS)).isZero();
            for (int i = 0; i < 3; i++) {
                assertThat(later.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i + 1);
            }
        }
        assertThat(batchSizes).containsExactly(1, 3);
    }

    @Test
    void shouldRunALoneRequestAfterTheMaximumWait() throws Exception {
        try (DynamicBatcher<String, String> batcher = new DynamicBatcher<>("t", batch -> batch.stream()
                .map(String::toUpperCase).toList(), 8, Duration.ofMillis(50), 10,
                (size, wait, run) -> batchSizes.add(size))) {
            long t0 = System.nanoTime();
            assertThat(batcher.submit("a").get(5, TimeUnit.SECONDS)).isEqualTo("A");
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(45).toNanos());
        }
        assertThat(batchSizes).containsExactly(1);
    }

    @Test
    void shouldNotWaitForOthersWhenItsOnlySubmitterHasSubmitted() throws Exception {
        // Given one known submitter and a wait far longer than the test allows
        try (DynamicBatcher<String, String> batcher = new DynamicBatcher<>("t", batch -> batch.stream()
                .map(String::toUpperCase).toList(), 8, Duration.ofMinutes(5), 1, 10,
                (size, wait, run) -> batchSizes.add(size))) {
            // When it submits one request
            // Then the batch runs at once instead of after five minutes
            assertThat(batcher.submit("a").get(30, TimeUnit.SECONDS)).isEqualTo("A");
        }
        assertThat(batchSizes).containsExactly(1);
    }

    @Test
    void shouldRunOnceEveryKnownSubmitterHasARequestInTheBatch() throws Exception {
        // Given two known submitters, a long wait, and a batch function that holds the first batch
        CountDownLatch firstBatch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("t", holding(firstBatch, release), 8,
                Duration.ofMinutes(5), 2, 10, (size, wait, run) -> batchSizes.add(size))) {
            // When one thread submits two requests and another thread one
            CompletableFuture<Integer> a = batcher.submit(1);
            CompletableFuture<Integer> b = batcher.submit(2);
            CompletableFuture<Integer> c = CompletableFuture.supplyAsync(() -> batcher.submit(3)).get(30, TimeUnit.SECONDS);
            // Then one batch of all three runs without waiting out the five minutes
            assertThat(firstBatch.await(30, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            assertThat(List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS), c.get(30, TimeUnit.SECONDS)))
                    .containsExactly(1, 2, 3);
        }
        assertThat(batchSizes).containsExactly(3);
    }

    @Test
    void shouldKeepWaitingWhileAKnownSubmitterHasNotSubmitted() throws Exception {
        // Given two known submitters and a wait of 300 ms
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("t", batch -> batch, 8,
                Duration.ofMillis(300), 2, 10, (size, wait, run) -> batchSizes.add(size))) {
            // When only one of them submits
            long t0 = System.nanoTime();
            assertThat(batcher.submit(1).get(30, TimeUnit.SECONDS)).isEqualTo(1);
            // Then the batch waited for the other
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(280).toNanos());
        }
        assertThat(batchSizes).containsExactly(1);
    }

    @Test
    void shouldFailEveryRequestOfABatchWithTheBatchError() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("t", batch -> {
            release.await(5, TimeUnit.SECONDS);
            throw new IllegalStateException("model failed");
        }, 2, Duration.ofSeconds(1), 10, null)) {
            var a = batcher.submit(1);
            var b = batcher.submit(2);
            release.countDown();

            assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("model failed");
            assertThatThrownBy(() -> b.get(5, TimeUnit.SECONDS)).hasMessageContaining("model failed");
            assertThat(batcher.submit(3)).isNotNull();
        }
    }

    @Test
    void shouldRejectAResultCountThatDoesNotMatch() {
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("t", batch -> List.of(),
                2, Duration.ZERO, 10, null)) {
            assertThatThrownBy(() -> batcher.submit(1).get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("returned 0 results for 1 requests");
        }
    }

    @Test
    void shouldRejectRequestsWhenTheQueueIsFullOrClosed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("t", batch -> {
            release.await(5, TimeUnit.SECONDS);
            return batch;
        }, 1, Duration.ZERO, 1, null);
        CompletableFuture<Integer> first = batcher.submit(1);
        waitUntil(() -> batcher.queued() == 0);
        CompletableFuture<Integer> second = batcher.submit(2);
        CompletableFuture<Integer> third = batcher.submit(3);

        assertThatThrownBy(() -> third.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("queue is full");
        release.countDown();
        batcher.close();
        assertThat(first.get(1, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(second.get(1, TimeUnit.SECONDS)).isEqualTo(2);
        assertThatThrownBy(() -> batcher.submit(4).get(1, TimeUnit.SECONDS)).hasMessageContaining("closed");
    }

    /** A batch function that signals {@code started} and holds each batch until {@code release}. */
    @Test
    void shouldDropARequestWhoseCallerGaveUpBeforeItRan() throws Exception {
        // Given a batch function that holds its first batch and records every request it runs
        CountDownLatch firstBatch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        DynamicBatcher.BatchFunction<Integer, Integer> recording = batch -> {
            ran.addAll(batch);
            return holding(firstBatch, release).apply(batch);
        };
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("t", recording, 8, Duration.ZERO, 10,
                (size, wait, run) -> batchSizes.add(size))) {
            CompletableFuture<Integer> first = batcher.submit(0);
            assertThat(firstBatch.await(30, TimeUnit.SECONDS)).isTrue();
            // When a request queued behind it is given up by its caller (its study ran out of budget)
            CompletableFuture<Integer> givenUp = batcher.submit(1);
            givenUp.cancel(false);
            CompletableFuture<Integer> kept = batcher.submit(2);
            release.countDown();

            // Then the model never runs it, and the others get their answers
            assertThat(first.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(kept.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(ran).containsExactly(0, 2);
            assertThat(batcher.dropped()).isEqualTo(1);
        }
    }

    private static DynamicBatcher.BatchFunction<Integer, Integer> holding(CountDownLatch started,
            CountDownLatch release) {
        return batch -> {
            started.countDown();
            release.await(30, TimeUnit.SECONDS);
            return batch;
        };
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(1);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
