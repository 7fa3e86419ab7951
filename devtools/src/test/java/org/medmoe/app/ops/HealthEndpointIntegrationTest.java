package org.medmoe.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.ServiceTestConfig;
import org.medmoe.app.service.StreamService;
import org.medmoe.registry.SchemaRegistry;

/**
 * Health through HTTP over the service's life, on a real broker and registry with the bundled
 * model: the endpoint is up before the service (live, not ready), ready once Kafka Streams is
 * RUNNING, not ready once the service is closed, and gone once the endpoint is closed.
 */
@Tag("integration")
class HealthEndpointIntegrationTest {
    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void readyOnlyWhileStreamsRunsWithTheModelLoadedAndLiveThroughout() throws Exception {
        Config config = ServiceTestConfig.of("health-it", UUID.randomUUID().toString().substring(0, 8),
                dir.resolve("state"), 1);
        int port;
        try (Observability observability = new Observability();
                OpsHttpServer http = OpsHttpServer.start(config, observability::scrape, observability.health());
                SchemaRegistry registry = RegistryWiring.client(config)) {
            port = http.port();
            // Given the endpoint, and no service yet
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> starting = get(port, "/health/ready");
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.body()).contains("\"status\":\"DOWN\"").contains("model sessions not loaded")
                    .contains("kafka streams not started");

            try (StreamService service = StreamService.start(config, RegistryWiring.serdes(config, registry),
                    observability)) {
                // When Kafka Streams is RUNNING
                service.awaitRunning(Duration.ofSeconds(90));
                HttpResponse<String> running = get(port, "/health/ready");
                assertThat(running.statusCode()).as(running.body()).isEqualTo(200);
                assertThat(running.body()).isEqualTo("{\"status\":\"UP\"}\n");
                assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
                assertThat(ObservabilityIntegrationTest.scrape(port).sum("medmoe_ready")).isEqualTo(1);
            }

            // Then, once the service is closed, not ready, and still live (it stopped, it did not fail)
            HttpResponse<String> closed = get(port, "/health/ready");
            assertThat(closed.statusCode()).isEqualTo(503);
            assertThat(closed.body()).contains("kafka streams is NOT_RUNNING, not RUNNING")
                    .contains("model sessions not loaded");
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
            assertThat(ObservabilityIntegrationTest.scrape(port).sum("medmoe_ready")).isEqualTo(0);
        }
        assertThatThrownBy(() -> get(port, "/health/live")).as("closed with the service")
                .isInstanceOf(IOException.class);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
