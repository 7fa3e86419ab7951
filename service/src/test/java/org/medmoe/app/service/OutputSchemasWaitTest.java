package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.registry.RegistryException;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.topology.Topics;

/**
 * Start-up keeps trying a schema registry that cannot answer yet (503, as a registry that is starting
 * or behind a proxy whose backend is down) for {@code registry.startup.wait.ms}, and stops at once on
 * an answer that will not change.
 */
class OutputSchemasWaitTest {
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private SchemaRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        server.stop(0);
    }

    @Test
    void shouldRegisterEveryOutputSchemaOnceARegistryThatWasUnavailableAnswers() throws IOException {
        Topics topics = topics(2, 503);

        Map<String, Integer> ids = OutputSchemas.resolve(topics, Duration.ofSeconds(30));

        assertThat(ids).hasSize(5).containsValues(7);
        assertThat(requests.get()).isEqualTo(2 + 5);
    }

    @Test
    void shouldGiveUpWhenTheRegistryStillDoesNotAnswerAfterTheWait() throws IOException {
        Topics topics = topics(Integer.MAX_VALUE, 503);

        assertThatThrownBy(() -> OutputSchemas.resolve(topics, Duration.ofMillis(1500)))
                .isInstanceOf(ServiceStartException.class).hasCauseInstanceOf(RegistryException.class)
                .hasMessageContaining("medmoe.study.accepted");
        // the first try, and one more after a pause of 1 s; the next pause (2 s) would end past the wait
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void shouldNotWaitWhenTheWaitIsZero() throws IOException {
        Topics topics = topics(Integer.MAX_VALUE, 503);

        assertThatThrownBy(() -> OutputSchemas.resolve(topics, Duration.ZERO)).isInstanceOf(ServiceStartException.class);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void shouldNotWaitOnARefusalThatWillNotChange() throws IOException {
        Topics topics = topics(Integer.MAX_VALUE, 401);

        assertThatThrownBy(() -> OutputSchemas.resolve(topics, Duration.ofSeconds(30)))
                .isInstanceOf(ServiceStartException.class).hasMessageContaining("401");
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void shouldEndTheStartWithTheModelsFailureWithoutWaitingForTheRegistry(@TempDir Path empty)
            throws IOException {
        // Given a registry that answers 503 to everything, a wait of 5 minutes, and a model folder without a model
        Config config = config(Integer.MAX_VALUE, 503, Map.of(ConfigKeys.REGISTRY_STARTUP_WAIT_MS.name(), "300000",
                ConfigKeys.MODEL_DIR.name(), empty.toString()));
        registry = RegistryWiring.client(config);
        long t0 = System.nanoTime();

        // When the service starts
        assertThatThrownBy(() -> StreamService.start(config, RegistryWiring.serdes(config, registry)))
                // Then the model's failure ends the start, not the registry's wait
                .hasMessageContaining(empty.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMinutes(1));
        // and the registry is asked no more
        int asked = requests.get();
        awaitQuiet(Duration.ofMillis(2500));
        assertThat(requests.get()).isEqualTo(asked);
    }

    /** Waits {@code quiet}: longer than a pause between two tries of the registry wait loop (1 s, then 2 s). */
    private static void awaitQuiet(Duration quiet) {
        try {
            Thread.sleep(quiet.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Output topics whose serdes talk to a registry that answers {@code status} to the first {@code failures} requests. */
    private Topics topics(int failures, int status) throws IOException {
        Config config = config(failures, status, Map.of());
        registry = RegistryWiring.client(config);
        return Topics.of(StreamService.topicNames(config), RegistryWiring.serdes(config, registry));
    }

    /** A configuration whose registry answers {@code status} to the first {@code failures} requests, with {@code more} keys. */
    private Config config(int failures, int status, Map<String, String> more) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean fail = requests.incrementAndGet() <= failures;
            byte[] body = (fail ? "{\"error_code\": " + status + "01, \"message\": \"not now\"}" : "{\"id\": 7}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(fail ? status : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Map<String, String> keys = new HashMap<>(more);
        keys.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), "127.0.0.1:9");
        keys.put(ConfigKeys.REGISTRY_URL.name(), "http://127.0.0.1:" + server.getAddress().getPort());
        keys.put(ConfigKeys.REGISTRY_RETRIES.name(), "0");
        return Config.of(keys);
    }
}
