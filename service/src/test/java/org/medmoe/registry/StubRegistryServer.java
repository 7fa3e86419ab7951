package org.medmoe.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A scripted HTTP server on loopback that answers like a registry and records what it was sent. */
final class StubRegistryServer implements AutoCloseable {
    /** One recorded request. */
    record Request(String method, String path, String authorization, String contentType, String body) {
    }

    private record Reply(int status, String body, CountDownLatch stall) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private Reply fallback = new Reply(200, "{}", null);

    StubRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Answers the next request with {@code status} and {@code body}. */
    synchronized StubRegistryServer then(int status, String body) {
        script.add(new Reply(status, body, null));
        return this;
    }

    /** Holds the next request unanswered until {@code release} opens (to make the client time out). */
    synchronized StubRegistryServer stall(CountDownLatch release) {
        script.add(new Reply(503, "", release));
        return this;
    }

    /** Answers every request beyond the script with {@code status} and {@code body}. */
    synchronized StubRegistryServer always(int status, String body) {
        fallback = new Reply(status, body, null);
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Reply reply;
        synchronized (this) {
            reply = script.isEmpty() ? fallback : script.poll();
        }
        if (reply.stall != null) {
            try {
                reply.stall.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(reply.status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
