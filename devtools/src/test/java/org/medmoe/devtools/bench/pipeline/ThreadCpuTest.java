package org.medmoe.devtools.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** CPU time of Java threads by group, for bench pipeline's breakdown. */
class ThreadCpuTest {

    @Test
    void shouldGroupThreadsWhoseNamesDifferOnlyInIdsAndNumbers() {
        assertThat(ThreadCpu.group("bench-ca2eb384-eef0cb7e-cd96-4f8d-8397-fd6227392617-StreamThread-2"))
                .isEqualTo(ThreadCpu.group("bench-0badf00d-11111111-2222-3333-4444-555555555555-StreamThread-3"))
                .isEqualTo("bench-#-#-StreamThread-#");
        assertThat(ThreadCpu.group("batcher-images")).isEqualTo("batcher-images");
    }

    @Test
    void shouldCountTheCpuOfAThreadStartedAfterTheSnapshotInItsGroup() throws Exception {
        // Given a snapshot, then a thread that spends 200 ms of its own CPU time and stays alive
        ThreadCpu snapshot = ThreadCpu.snapshot();
        CountDownLatch spent = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Thread burner = new Thread(() -> {
            var threads = ManagementFactory.getThreadMXBean();
            long x = 0;
            while (threads.getCurrentThreadCpuTime() < 200_000_000L) {
                x += Long.numberOfTrailingZeros(x + 1);
            }
            spent.countDown();
            try {
                measured.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-test-burner-7");
        burner.start();
        spent.await();
        // When the groups are read
        Map<String, Double> groups = snapshot.since();
        measured.countDown();
        burner.join();
        // Then its group holds at least those 200 ms, and the reading thread's group is there too
        assertThat(groups.get("cpu-test-burner-#")).isGreaterThanOrEqualTo(0.2);
        assertThat(groups).containsKey(ThreadCpu.group(Thread.currentThread().getName()));
    }
}
