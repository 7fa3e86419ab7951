package org.medmoe.app.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.service.ServiceStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint, on the JDK's HTTP server: {@code GET /metrics} (Prometheus text format),
 * {@code GET /health/live} and {@code GET /health/ready} (200, or 503 with a JSON body that says why).
 * Anything else is 404, a method other than GET or HEAD 405. Started before the service so that
 * probes are answered while the model loads; {@link #close} stops it (last, on shutdown).
 *
 * <p>It listens on 127.0.0.1 unless configured otherwise. With a token, every request must carry
 * {@code Authorization: Bearer <token>} (401 otherwise, compared in constant time). Requests are
 * served by a fixed pool of daemon threads of its own ({@code http.threads}, 8 by default, the JDK
 * server's default being 2), and a request whose line and headers have not all arrived within
 * {@value #REQUEST_SECONDS} s is dropped (the JDK server's {@code sun.net.httpserver.maxReqTime},
 * set here unless the command line set it): a client that sends half a request holds one thread
 * for that long at most, so slow or stalled clients cannot starve the liveness probe.
 */
public final class OpsHttpServer implements AutoCloseable {
    public static final String METRICS = "/metrics";
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The JDK server writes headers and body apart; without TCP_NODELAY each answer waited for the
     * client's delayed ACK (about 45 ms a request on loopback, 2.6 ms with it). Read once, when the JDK's
     * server configuration loads: set here unless the command line set it.
     */
    private static final String NODELAY = "sun.net.httpserver.nodelay";
    /** Seconds a request's line and headers may take to arrive; read once per JVM, like {@link #NODELAY}. */
    static final int REQUEST_SECONDS = 10;
    private static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";

    static {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        if (System.getProperty(MAX_REQUEST_TIME) == null) {
            System.setProperty(MAX_REQUEST_TIME, Integer.toString(REQUEST_SECONDS));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code http.bind.address}:{@code http.port} of {@code config}, with its threads and token. */
    public static OpsHttpServer start(Config config, Supplier<String> metrics, ServiceHealth health) {
        int port = config.integer(ConfigKeys.HTTP_PORT);
        if (port < 0 || port > 65535) {
            throw new ConfigException(ConfigKeys.HTTP_PORT.name() + " = " + port + " is not valid: expected 0 to 65535");
        }
        int threads = config.integer(ConfigKeys.HTTP_THREADS);
        if (threads < 1 || threads > 64) {
            throw new ConfigException(ConfigKeys.HTTP_THREADS.name() + " = " + threads
                    + " is not valid: expected 1 to 64");
        }
        return start(config.string(ConfigKeys.HTTP_BIND_ADDRESS), port, threads,
                config.optionalString(ConfigKeys.HTTP_AUTH_TOKEN).orElse(null), metrics, health);
    }

    /** Listens on {@code address}:{@code port} (0: a free port) with 8 threads and no token. */
    public static OpsHttpServer start(String address, int port, Supplier<String> metrics, ServiceHealth health) {
        return start(address, port, 8, null, metrics, health);
    }

    /**
     * Listens on {@code address}:{@code port} (0: a free port), served by {@code threads} threads; with
     * a non-null {@code token}, only requests bearing it are answered.
     */
    public static OpsHttpServer start(String address, int port, int threads, String token, Supplier<String> metrics,
            ServiceHealth health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            throw new ServiceStartException("cannot listen on " + address + ":" + port + " for " + METRICS
                    + " and /health (" + ConfigKeys.HTTP_BIND_ADDRESS.name() + ", " + ConfigKeys.HTTP_PORT.name()
                    + "): " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "medmoe-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        BearerCheck bearer = new BearerCheck(token);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!bearer.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                try (exchange) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    exchange.sendResponseHeaders(401, -1);
                }
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                try (exchange) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    exchange.sendResponseHeaders(405, -1);
                }
                return;
            }
            switch (path) {
                case METRICS -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.get());
                case LIVE -> health(exchange, health.notLive());
                case READY -> health(exchange, health.notReady());
                default -> respond(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
            }
        });
        server.start();
        OpsHttpServer ops = new OpsHttpServer(server, executor);
        LOG.info("metrics and health on http://{}:{} ({}, {}, {}), {} threads, {}", address, ops.port(), METRICS, LIVE,
                READY, threads, token == null ? "no token" : "bearer token required");
        return ops;
    }

    /** The port it listens on (the one picked when configured with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, List<String> problems) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problems.isEmpty() ? "UP" : "DOWN");
        if (!problems.isEmpty()) {
            body.put("reasons", problems);
        }
        respond(exchange, problems.isEmpty() ? 200 : 503, "application/json",
                JSON.writeValueAsString(body) + "\n");
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
