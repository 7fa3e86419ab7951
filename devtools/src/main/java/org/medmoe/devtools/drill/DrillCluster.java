package org.medmoe.devtools.drill;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.medmoe.devtools.embedded.EmbeddedKafka;
import org.medmoe.devtools.embedded.EmbeddedStartException;

/**
 * A KRaft cluster of N nodes for the drill, each node (broker and controller in one) a child JVM of
 * its own ({@code kafka.Kafka} on the launcher's class path), so that any of them can be killed with
 * SIGKILL and started again on its own log folder. Replication factor 3 (or N when smaller) for every
 * topic, the internal ones included, and {@code min.insync.replicas} 2 (or 1 for one node): a cluster
 * of 3 keeps accepting transactional writes with one node down. Used by the drill's one controlling
 * thread; {@link #close} kills every node.
 */
final class DrillCluster implements AutoCloseable {
    private static final String MAIN = "kafka.Kafka";

    private final Path dir;
    private final int[] brokerPorts;
    private final Process[] nodes;
    private final int[] starts;

    private DrillCluster(Path dir, int[] brokerPorts) {
        this.dir = dir;
        this.brokerPorts = brokerPorts;
        this.nodes = new Process[brokerPorts.length];
        this.starts = new int[brokerPorts.length];
    }

    /** Formats and starts {@code size} nodes under {@code dir}; returns once all of them are in the cluster. */
    static DrillCluster start(int size, Path dir, PrintStream progress) {
        long t0 = System.nanoTime();
        int[] brokerPorts = new int[size];
        int[] controllerPorts = new int[size];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            brokerPorts[i] = EmbeddedKafka.freePort();
            controllerPorts[i] = EmbeddedKafka.freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        DrillCluster cluster = new DrillCluster(dir, brokerPorts);
        String clusterId = Uuid.randomUuid().toString();
        try {
            for (int i = 0; i < size; i++) {
                Path props = cluster.writeProperties(i, controllerPorts[i], String.join(",", voters), size);
                EmbeddedKafka.format(props, clusterId);
            }
            for (int i = 0; i < size; i++) {
                cluster.startNode(i + 1);
            }
            cluster.awaitNodes(size, Duration.ofMinutes(2));
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw new EmbeddedStartException("the drill's Kafka cluster did not start: " + e.getMessage(), e);
        }
        progress.printf("kafka: %d nodes ready at %s in %.1f s%n", size, cluster.bootstrapServers(),
                (System.nanoTime() - t0) / 1e9);
        return cluster;
    }

    private Path writeProperties(int index, int controllerPort, String voters, int size) throws IOException {
        int replication = Math.min(3, size);
        String minIsr = Integer.toString(Math.max(1, replication - 1));
        Path node = Files.createDirectories(dir.resolve("node-" + (index + 1)));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(index + 1));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[index] + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[index]);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", node.resolve("logs").toString());
        p.put("default.replication.factor", Integer.toString(replication));
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", Integer.toString(replication));
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", Integer.toString(replication));
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replication));
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        Path file = node.resolve("server.properties");
        try (var out = Files.newOutputStream(file)) {
            p.store(out, "drill node " + (index + 1));
        }
        return file;
    }

    /** Starts node {@code id} (1-based) on its existing log folder; returns at once. */
    void startNode(int id) {
        int i = id - 1;
        Path node = dir.resolve("node-" + id);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), MAIN, node.resolve("server.properties").toString());
        starts[i]++;
        try {
            nodes[i] = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(node.resolve("start-" + starts[i] + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start drill Kafka node " + id, e);
        }
    }

    /** SIGKILL to node {@code id}, and waits until its process is gone. */
    void kill(int id) {
        DrillInstance.kill(nodes[id - 1]);
    }

    /** Waits until {@code count} nodes are registered brokers. */
    void awaitNodes(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new EmbeddedStartException("fewer than " + count + " Kafka nodes after " + timeout.toSeconds()
                            + " s (logs under " + dir + ")", null);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedStartException("interrupted while waiting for the Kafka nodes", e);
        }
    }

    /**
     * Waits until node {@code id} is a live broker of the cluster and in the in-sync replicas of every
     * partition of {@code topics} that it holds ({@code present} true), or until it is neither
     * ({@code present} false); false when that took longer than {@code timeout}.
     */
    boolean await(int id, boolean present, List<String> topics, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    boolean live = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                            .anyMatch(n -> n.id() == id);
                    Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                            .get(5, TimeUnit.SECONDS);
                    List<TopicPartitionInfo> held = described.values().stream().flatMap(d -> d.partitions().stream())
                            .filter(p -> p.replicas().stream().anyMatch(n -> n.id() == id)).toList();
                    boolean done = present ? live && held.stream().allMatch(p -> inIsr(p, id))
                            : !live && held.stream().noneMatch(p -> inIsr(p, id));
                    if (done) {
                        return true;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // the cluster is electing; ask again
                }
                Thread.sleep(200);
            }
        }
        return false;
    }

    private static boolean inIsr(TopicPartitionInfo partition, int id) {
        return partition.isr().stream().anyMatch(n -> n.id() == id);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /** Every node's PLAINTEXT listener. */
    String bootstrapServers() {
        List<String> servers = new ArrayList<>();
        for (int port : brokerPorts) {
            servers.add("127.0.0.1:" + port);
        }
        return servers.stream().collect(Collectors.joining(","));
    }

    int size() {
        return brokerPorts.length;
    }

    @Override
    public void close() {
        for (int id = 1; id <= nodes.length; id++) {
            kill(id);
        }
    }
}
