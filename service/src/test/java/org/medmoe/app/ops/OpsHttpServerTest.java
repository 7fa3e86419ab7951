package org.medmoe.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint alone: paths, methods, content types, and health before a service exists. */
class OpsHttpServerTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private OpsHttpServer server;

    @BeforeEach
    void start() {
        server = OpsHttpServer.start("127.0.0.1", 0, () -> "# HELP x\nx_total 3.0\n", new ServiceHealth());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldServeTheMetricsTextAsPrometheusExpects() throws Exception {
        HttpResponse<String> r = get("/metrics", "GET");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).isEqualTo("# HELP x\nx_total 3.0\n");
    }

    @Test
    void shouldBeLiveButNotReadyBeforeTheServiceHasStarted() throws Exception {
        HttpResponse<String> live = get("/health/live", "GET");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\":\"UP\"");

        HttpResponse<String> ready = get("/health/ready", "GET");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ready.body()).contains("\"status\":\"DOWN\"").contains("model sessions not loaded")
                .contains("kafka streams not started");
    }

    @Test
    void shouldAnswer404ForOtherPathsAnd405ForOtherMethods() throws Exception {
        assertThat(get("/metricsx", "GET").statusCode()).isEqualTo(404);
        assertThat(get("/health", "GET").statusCode()).isEqualTo(404);
        assertThat(get("/metrics", "POST").statusCode()).isEqualTo(405);
        assertThat(get("/health/ready", "DELETE").headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    private HttpResponse<String> get(String path, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
