package org.medmoe.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of ONNX Runtime in the process: it holds the environment, chooses the execution
 * provider at start-up ({@link #start}) and opens every {@link GraphSession}. Thread-safe: sessions
 * are opened under a lock and shared by all threads. {@link #close} closes every session it opened
 * (the process-wide environment itself is ONNX Runtime's and lives until the JVM exits); whoever
 * started the runtime closes it, once, on shutdown.
 */
public final class OrtRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrtRuntime.class);

    private final OrtEnvironment env;
    private final RuntimeConfig config;
    private final SessionOptionsFactory optionsFactory;
    private final ExecutionProvider provider;
    private final List<GraphSession> sessions = new ArrayList<>();
    private boolean closed;

    private OrtRuntime(OrtEnvironment env, RuntimeConfig config, SessionOptionsFactory optionsFactory,
            ExecutionProvider provider) {
        this.env = env;
        this.config = config;
        this.optionsFactory = optionsFactory;
        this.provider = provider;
    }

    /** The version of the ONNX Runtime library on the class path (its jar's manifest), without starting it. */
    public static String libraryVersion() {
        Package p = OrtEnvironment.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /**
     * Starts the runtime: picks the execution provider from {@code config}.
     *
     * @throws ProviderUnavailableException a requested provider is missing and fallback is off
     */
    public static OrtRuntime start(RuntimeConfig config) {
        OrtEnvironment env;
        try {
            env = LargeStack.call("environment",
                    () -> OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "medmoe"));
        } catch (Exception e) {
            throw new RuntimeStartException("ONNX Runtime could not start: " + e.getMessage(), e);
        }
        SessionOptionsFactory factory = new SessionOptionsFactory(config);
        ExecutionProvider provider;
        try {
            provider = LargeStack.call("providers", () -> ProviderSelector.forThisBuild(config, factory).select());
        } catch (RuntimeStartException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeStartException("execution provider selection failed: " + e.getMessage(), e);
        }
        LOG.info("ONNX Runtime {} started: provider {}, intra-op threads {}, optimisation {}",
                env.getVersion(), provider, config.intraOpThreads(), config.optimization());
        return new OrtRuntime(env, config, factory, provider);
    }

    /** The execution provider every session of this runtime uses. */
    public ExecutionProvider provider() {
        return provider;
    }

    /** The configuration the runtime was started with. */
    public RuntimeConfig config() {
        return config;
    }

    /** ONNX Runtime's version string. */
    public String version() {
        return env.getVersion();
    }

    /**
     * Opens {@code file} as a session named {@code name} (used in messages). The runtime owns and
     * closes it.
     *
     * @throws RuntimeStartException the file is missing or ONNX Runtime rejects it
     */
    public synchronized GraphSession open(String name, Path file) {
        if (closed) {
            throw new IllegalStateException("the runtime is closed");
        }
        if (!Files.isRegularFile(file)) {
            throw new RuntimeStartException("graph " + name + ": file not found: " + file);
        }
        try (SessionOptions options = optionsFactory.create(provider)) {
            OrtSession session = LargeStack.call(name, () -> env.createSession(file.toString(), options));
            GraphSession graph = new GraphSession(name, env, session);
            sessions.add(graph);
            LOG.info("Opened graph {} ({}) on {}", name, file.getFileName(), provider);
            return graph;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeStartException("graph " + name + ": interrupted while loading " + file, e);
        } catch (Exception e) {
            throw new RuntimeStartException("graph " + name + ": ONNX Runtime could not load " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Closes every session this runtime opened; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (GraphSession session : sessions) {
            session.close();
        }
        sessions.clear();
        LOG.info("ONNX Runtime sessions closed");
    }
}
