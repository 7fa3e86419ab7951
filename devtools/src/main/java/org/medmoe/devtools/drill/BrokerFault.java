package org.medmoe.devtools.drill;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.medmoe.app.config.Config;
import org.medmoe.app.service.StreamService;

/**
 * The drill's broker fault, on a thread of its own while studies flow: after {@code afterSeconds} it
 * kills one node of the {@link DrillCluster} with SIGKILL (the last one, whichever partitions it
 * leads), starts it again {@code downSeconds} later on the same log folder, and prints how long the
 * node then took to be back in the in-sync replicas of every partition of the service's topics.
 */
final class BrokerFault {
    private final Thread thread;
    private final AtomicInteger kills = new AtomicInteger();

    private BrokerFault(Runnable body) {
        this.thread = new Thread(body, "drill-broker-fault");
        this.thread.setDaemon(true);
    }

    static BrokerFault start(DrillCluster cluster, Config config, double afterSeconds, double downSeconds,
            PrintWriter out) {
        List<String> topics = new ArrayList<>(StreamService.topicNames(config).all());
        BrokerFault[] self = new BrokerFault[1];
        self[0] = new BrokerFault(() -> self[0].run(cluster, topics, afterSeconds, downSeconds, out));
        self[0].thread.start();
        return self[0];
    }

    private void run(DrillCluster cluster, List<String> topics, double afterSeconds, double downSeconds,
            PrintWriter out) {
        int victim = cluster.size();
        try {
            Thread.sleep(Math.round(afterSeconds * 1000));
            long killed = System.nanoTime();
            cluster.kill(victim);
            kills.incrementAndGet();
            long downNanos = Math.round(downSeconds * 1e9);
            boolean out1 = cluster.await(victim, false, topics, Duration.ofNanos(downNanos));
            out.printf(out1 ? "kill -9 broker %d: out of the cluster and the in-sync replicas after %.1f s%n"
                    : "kill -9 broker %d: still in the cluster or an in-sync replica after %.1f s%n", victim,
                    (System.nanoTime() - killed) / 1e9);
            out.flush();
            Thread.sleep(Math.max(0, (killed + downNanos - System.nanoTime()) / 1_000_000));
            long restarted = System.nanoTime();
            cluster.startNode(victim);
            boolean back = cluster.await(victim, true, topics, Duration.ofMinutes(3));
            double seconds = (System.nanoTime() - restarted) / 1e9;
            out.printf(back ? "broker %d restarted after %.0f s down: in sync on every partition after %.1f s%n"
                    : "broker %d restarted after %.0f s down: not in sync on every partition after %.1f s%n", victim,
                    (restarted - killed) / 1e9, seconds);
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the fault to have run its course; the number of broker kills. */
    int await() throws InterruptedException {
        thread.join();
        return kills.get();
    }
}
