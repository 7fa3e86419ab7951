package org.medmoe.devtools.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, combined broker and controller) inside this JVM, on free
 * loopback ports, for the demo and the integration tests. Its PLAINTEXT listener is always there;
 * {@link #start(PrintStream, BrokerTls)} adds SSL and SASL_SSL listeners.
 *
 * <p>{@link #start} formats a fresh log folder in a temporary directory and starts the server;
 * {@link #close} stops it and deletes the folder. Not for production: one node, replication factor
 * one. Thread-safe for {@link #bootstrapServers()}; start and close from one thread.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path dir;
    private final int brokerPort;
    private final int sslPort;
    private final int saslSslPort;
    private final KafkaRaftServer server;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafka(Path dir, int brokerPort, int sslPort, int saslSslPort, KafkaRaftServer server) {
        this.dir = dir;
        this.brokerPort = brokerPort;
        this.sslPort = sslPort;
        this.saslSslPort = saslSslPort;
        this.server = server;
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker with default settings, printing one progress line to {@code progress}. */
    public static EmbeddedKafka start(PrintStream progress) {
        return start(progress, Map.of());
    }

    /**
     * Starts a broker; {@code extraBrokerProps} are added to (and override) the defaults, e.g. an SSL
     * listener. Returns once the broker accepts connections.
     */
    public static EmbeddedKafka start(PrintStream progress, Map<String, String> extraBrokerProps) {
        return start(progress, extraBrokerProps, null);
    }

    /**
     * Starts a broker with the secured listeners of {@code tls} beside the PLAINTEXT one; see
     * {@link #sslBootstrapServers()} and {@link #saslSslBootstrapServers()}.
     */
    public static EmbeddedKafka start(PrintStream progress, BrokerTls tls) {
        return start(progress, Map.of(), Objects.requireNonNull(tls, "tls"));
    }

    private static EmbeddedKafka start(PrintStream progress, Map<String, String> extraBrokerProps, BrokerTls tls) {
        long t0 = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("medmoe-kafka-");
        } catch (IOException e) {
            throw new EmbeddedStartException("cannot create a temporary folder for the embedded Kafka broker", e);
        }
        int brokerPort = freePort();
        int controllerPort = freePort();
        progress.printf("kafka: starting an embedded single-node broker on 127.0.0.1:%d ...%n", brokerPort);
        Properties props = brokerProperties(dir, brokerPort, controllerPort);
        int sslPort = tls == null ? -1 : freePort();
        int saslSslPort = tls == null || !tls.sasl() ? -1 : freePort();
        if (tls != null) {
            props.putAll(tls.brokerProperties(brokerPort, controllerPort, sslPort, saslSslPort));
        }
        props.putAll(extraBrokerProps);
        try {
            Path propsFile = dir.resolve("server.properties");
            try (var out = Files.newOutputStream(propsFile)) {
                props.store(out, "embedded MedMoE Stream broker");
            }
            format(propsFile);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(dir, brokerPort, sslPort, saslSslPort, server);
            progress.printf("kafka: ready at %s in %.1f s%n", kafka.bootstrapServers(), (System.nanoTime() - t0) / 1e9);
            return kafka;
        } catch (IOException | RuntimeException e) {
            TempFiles.deleteRecursively(dir);
            throw new EmbeddedStartException("embedded Kafka broker failed to start on port " + brokerPort + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:PORT} of the PLAINTEXT listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** {@code 127.0.0.1:PORT} of the SSL listener; only for a broker started with {@link BrokerTls}. */
    public String sslBootstrapServers() {
        if (sslPort < 0) {
            throw new IllegalStateException("this embedded broker has no SSL listener (start it with BrokerTls)");
        }
        return "127.0.0.1:" + sslPort;
    }

    /** {@code 127.0.0.1:PORT} of the SASL_SSL listener; only for a broker started with SASL users. */
    public String saslSslBootstrapServers() {
        if (saslSslPort < 0) {
            throw new IllegalStateException("this embedded broker has no SASL_SSL listener (give BrokerTls users)");
        }
        return "127.0.0.1:" + saslSslPort;
    }

    /** The broker's data folder (deleted on close). */
    public Path directory() {
        return dir;
    }

    @Override
    public synchronized void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            LOG.debug("JVM already shutting down; hook stays", e);
        }
    }

    private synchronized void stopQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping embedded Kafka broker at {}", bootstrapServers());
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("embedded Kafka broker did not stop cleanly: {}", e.toString());
        }
        TempFiles.deleteRecursively(dir);
    }

    private static Properties brokerProperties(Path dir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private static void format(Path propsFile) {
        format(propsFile, Uuid.randomUuid().toString(), "--standalone");
    }

    /**
     * Formats the log folders of the KRaft node configured in {@code propsFile} for cluster
     * {@code clusterId}, with Kafka's storage tool and its {@code options} (e.g. {@code --standalone}).
     */
    public static void format(Path propsFile, String clusterId, String... options) {
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", propsFile.toString()));
        args.addAll(List.of(options));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(args.toArray(String[]::new), out);
        } catch (Exception e) {
            throw new EmbeddedStartException("formatting the storage of " + propsFile + " failed: " + e.getMessage(), e);
        }
        if (rc != 0) {
            throw new EmbeddedStartException("formatting the storage of " + propsFile + " failed (exit " + rc + "): "
                    + buffer.toString(StandardCharsets.UTF_8));
        }
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
