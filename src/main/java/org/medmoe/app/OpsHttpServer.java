package org.medmoe.app;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint, on the JDK's HTTP server: {@code GET /metrics} (Prometheus text format),
 * {@code GET /health/live} and {@code GET /health/ready} (200, or 503 with a JSON body that says why).
 * Anything else is 404, a method other than GET or HEAD 405. Started before the service so that
 * probes are answered while the model loads; {@link #close} stops it (last, on shutdown). Requests
 * are served by two daemon threads of its own.
 */
final class OpsHttpServer implements AutoCloseable {
    static final String METRICS = "/metrics";
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The JDK server writes headers and body apart; without TCP_NODELAY each answer waited for the
     * client's delayed ACK (about 45 ms a request on loopback, 2.6 ms with it). Read once, when the JDK's
     * server configuration loads: set here unless the command line set it.
     */
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code http.bind.address}:{@code http.port} of {@code config}. */
    static OpsHttpServer start(Config config, Supplier<String> metrics, ServiceHealth health) {
        int port = config.integer(ConfigKeys.HTTP_PORT);
        if (port < 0 || port > 65535) {
            throw new ConfigException(ConfigKeys.HTTP_PORT.name() + " = " + port + " is not valid: expected 0 to 65535");
        }
        return start(config.string(ConfigKeys.HTTP_BIND_ADDRESS), port, metrics, health);
    }

    /** Listens on {@code address}:{@code port} (0: a free port). */
    static OpsHttpServer start(String address, int port, Supplier<String> metrics, ServiceHealth health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            throw new ServiceStartException("cannot listen on " + address + ":" + port + " for " + METRICS
                    + " and /health (" + ConfigKeys.HTTP_BIND_ADDRESS.name() + ", " + ConfigKeys.HTTP_PORT.name()
                    + "): " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "medmoe-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
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
        LOG.info("metrics and health on http://{}:{} ({}, {}, {})", address, ops.port(), METRICS, LIVE, READY);
        return ops;
    }

    /** The port it listens on (the one picked when configured with 0). */
    int port() {
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
