package org.medmoe.devtools.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.medmoe.registry.CompatibilityLevel;
import org.medmoe.registry.HttpSchemaRegistry;
import org.medmoe.registry.RegistryClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible schema registry (Apicurio Registry, in-memory storage) run as a child
 * process on a free loopback port, for the demo mode and the integration tests.
 *
 * <p>{@link #start} returns once the registry answers, with global compatibility set to BACKWARD
 * (Apicurio's default is NONE). The child's output goes to a log file in a temporary folder; a
 * failed start shows its tail. {@link #close} (and a JVM shutdown hook, should nobody call it)
 * stops the child and removes the folder. The caller that started it closes it; the instance is
 * thread-safe.
 */
public final class EmbeddedRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRegistry.class);

    /** System property naming the folder the build unpacked Apicurio into. */
    public static final String HOME_PROPERTY = "medmoe.registry.home";
    /** Default registry home, relative to the working directory. */
    public static final String DEFAULT_HOME = "target/registry";
    /** The runner jar expected in the registry home. */
    public static final String RUNNER_JAR = "apicurio-registry-app-2.6.13.Final-runner.jar";
    /** The Confluent-compatible API below the registry's root. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path workDir;
    private final Path logFile;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedRegistry(Process process, int port, Path workDir, Path logFile) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-registry-shutdown");
    }

    /** Starts a registry from {@value #HOME_PROPERTY} (default {@value #DEFAULT_HOME}), logging progress. */
    public static EmbeddedRegistry start() {
        return start(home(), null, DEFAULT_START_TIMEOUT);
    }

    /** Starts a registry from the default home, printing the start and ready lines to {@code progress}. */
    public static EmbeddedRegistry start(PrintStream progress) {
        return start(home(), progress, DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts a registry from {@code home}.
     *
     * @param home     the folder holding {@value #RUNNER_JAR} and its {@code lib/}
     * @param progress where to print the start and ready lines for a user (e.g. the demo's
     *                 console), or null to only log them
     * @param timeout  how long to wait for the registry to answer
     * @throws IllegalStateException when the jar is missing, the child exits or does not answer in time
     */
    public static EmbeddedRegistry start(Path home, PrintStream progress, Duration timeout) {
        Path jar = home.resolve(RUNNER_JAR).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("schema registry not found: expected " + jar + " (unpacked by the build;"
                    + " run ./medmoe build or mvn generate-test-resources, or set -D" + HOME_PROPERTY
                    + " to the folder holding " + RUNNER_JAR + ")");
        }
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            try {
                return launch(jar, freePort(), progress, timeout);
            } catch (PortTakenException e) {
                last = e;
                LOG.warn("schema registry: port {} was taken before the registry bound it; trying another", e.port);
            }
        }
        throw last;
    }

    /** The Confluent-compatible base URL, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String url() {
        return rootUrl() + CCOMPAT_PATH;
    }

    /** The registry's root URL (Apicurio's own APIs and UI live below it). */
    public String rootUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The loopback port the registry listens on. */
    public int port() {
        return port;
    }

    /** The file that receives the child's standard output and error. */
    public Path logFile() {
        return logFile;
    }

    /** The child's process id (the fault drill stops and continues it). */
    public long pid() {
        return process.pid();
    }

    /** True while the child process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the child (gracefully, then forcibly after 10 s) and removes its temporary folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            LOG.debug("JVM is shutting down; the hook stops the registry");
        }
        stopQuietly();
        LOG.info("schema registry on {} stopped", rootUrl());
    }

    private static EmbeddedRegistry launch(Path jar, int port, PrintStream progress, Duration timeout) {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("medmoe-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException("schema registry: cannot create a temporary folder", e);
        }
        Path logFile = workDir.resolve("registry.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.banner.enabled=false", "-Djava.io.tmpdir=" + workDir, "-jar", jar.toString()));
        String root = "http://127.0.0.1:" + port;
        say(progress, "schema registry: starting on " + root + " ...");
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
        } catch (IOException e) {
            TempFiles.deleteRecursively(workDir);
            throw new IllegalStateException("schema registry: cannot start " + String.join(" ", command), e);
        }
        EmbeddedRegistry registry = new EmbeddedRegistry(process, port, workDir, logFile);
        Runtime.getRuntime().addShutdownHook(registry.shutdownHook);
        try {
            registry.awaitReady(timeout);
            try (HttpSchemaRegistry client = new HttpSchemaRegistry(RegistryClientConfig.of(registry.url()))) {
                client.setCompatibility(null, CompatibilityLevel.BACKWARD);
            }
        } catch (RuntimeException e) {
            String tail = registry.logTail();
            Path kept = registry.keepLog();
            registry.close();
            if (tail.contains("Port " + port + " seems to be in use") || tail.contains("Address already in use")) {
                throw new PortTakenException(port);
            }
            throw new IllegalStateException(e.getMessage() + " (full log: " + kept + ")"
                    + "\n--- last lines of the registry log ---\n" + tail, e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        say(progress, String.format(Locale.ROOT, "schema registry: ready in %.1f s at %s", seconds, registry.url()));
        return registry;
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("schema registry exited with code " + process.exitValue()
                        + " before it was ready");
            }
            try {
                HttpResponse<Void> response = http.send(probe, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                LOG.trace("schema registry not answering yet: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
            try {
                // Poll interval while the child boots; returns early when it exits.
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
        }
        throw new IllegalStateException("schema registry did not answer on " + url() + " within "
                + timeout.toSeconds() + " s");
    }

    private synchronized void stopQuietly() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        TempFiles.deleteRecursively(workDir);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Copies the log out of the folder that {@link #close} removes; returns where it is (or the reason). */
    private Path keepLog() {
        try {
            Path kept = Files.createTempFile("medmoe-registry-failed-", ".log");
            Files.copy(logFile, kept, StandardCopyOption.REPLACE_EXISTING);
            return kept;
        } catch (IOException e) {
            LOG.warn("could not keep the registry log {}: {}", logFile, e.toString());
            return logFile;
        }
    }

    private static Path home() {
        return Path.of(System.getProperty(HOME_PROPERTY, DEFAULT_HOME));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("schema registry: no free loopback port", e);
        }
    }

    private static void say(PrintStream progress, String line) {
        LOG.info("{}", line);
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }


    /** The chosen port was bound by someone else between probing and the child's start. */
    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final int port;

        PortTakenException(int port) {
            super("schema registry: port " + port + " is in use");
            this.port = port;
        }
    }
}
