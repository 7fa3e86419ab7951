package org.medmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpSchemaRegistry} against a scripted stub server: retries, errors, auth, caches. */
class HttpSchemaRegistryTest {
    private static final Schema SCHEMA = SchemaBuilder.record("Probe").namespace("org.medmoe.test").fields()
            .requiredString("study").endRecord();
    private static final String SUBJECT = "pacs.study.events-value";

    private StubRegistryServer stub;

    @BeforeEach
    void startStub() throws IOException {
        stub = new StubRegistryServer();
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void shouldRetryServerErrorsAndTooManyRequestsThenSucceed() {
        // Given a registry that fails twice with 503 and once with 429
        stub.then(503, "{\"error_code\":50003,\"message\":\"backend unavailable\"}")
                .then(503, "").then(429, "{\"error_code\":42901,\"message\":\"slow down\"}")
                .then(200, "{\"id\":7}");

        // When a schema is registered by a client allowed 3 retries
        try (HttpSchemaRegistry client = client(3)) {
            int id = client.register(SUBJECT, SCHEMA);

            // Then it gets the id after 4 attempts
            assertThat(id).isEqualTo(7);
            assertThat(stub.requests()).hasSize(4);
            assertThat(client.httpRequestCount()).isEqualTo(4);
        }
    }

    @Test
    void shouldGiveUpAfterTheLastRetryNamingStatusAndAttempts() {
        stub.always(500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");

        try (HttpSchemaRegistry client = client(2)) {
            RegistryException e = catchThrowableOfType(RegistryException.class, () -> client.register(SUBJECT, SCHEMA));

            assertThat(stub.requests()).hasSize(3);
            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e.errorCode()).isEqualTo(50001);
            assertThat(e.getMessage()).contains(stub.url(), "register", SUBJECT, "HTTP 500", "error_code 50001",
                    "Error in the backend data store", "after 3 attempts");
        }
    }

    @Test
    void shouldNotRetryClientErrors() {
        stub.always(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

        try (HttpSchemaRegistry client = client(3)) {
            RegistryException e = catchThrowableOfType(RegistryException.class, () -> client.register(SUBJECT, SCHEMA));

            assertThat(stub.requests()).hasSize(1);
            assertThat(e.httpStatus()).isEqualTo(422);
            assertThat(e.getMessage()).contains("HTTP 422, error_code 42201: Invalid schema")
                    .doesNotContain("attempts");
        }
    }

    @Test
    void shouldExplainAuthenticationFailures() {
        stub.always(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");

        try (HttpSchemaRegistry client = client(3)) {
            RegistryException e = catchThrowableOfType(RegistryException.class, () -> client.latest(SUBJECT));

            assertThat(stub.requests()).hasSize(1);
            assertThat(e.getMessage()).contains("latest", SUBJECT, "HTTP 401", RegistryClientConfig.AUTH_KIND);
        }
    }

    @Test
    void shouldRetryARegistryThatIsDownThenFailNamingTheUrl() throws IOException {
        // Given a port where nothing listens
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        try (HttpSchemaRegistry client = new HttpSchemaRegistry(RegistryClientConfig.of(url)
                .withRetries(2, Duration.ofMillis(5), Duration.ofMillis(20)))) {
            RegistryException e = catchThrowableOfType(RegistryException.class, () -> client.schemaById(1));

            assertThat(client.httpRequestCount()).isEqualTo(3);
            assertThat(e.httpStatus()).isEqualTo(RegistryException.NO_RESPONSE);
            assertThat(e.getMessage()).contains(url, "schemaById(1)", "no answer after 3 attempt(s)",
                    "connection refused");
        }
    }

    @Test
    void shouldSendBasicCredentialsWithoutRevealingThem() {
        stub.always(200, "{\"id\":1}");
        RegistryClientConfig config = RegistryClientConfig.of(stub.url()).withBasicAuth("svc-medmoe", "s3cr3t-pw");

        try (HttpSchemaRegistry client = new HttpSchemaRegistry(config)) {
            client.register(SUBJECT, SCHEMA);
        }

        String expected = "Basic " + Base64.getEncoder()
                .encodeToString("svc-medmoe:s3cr3t-pw".getBytes(StandardCharsets.UTF_8));
        assertThat(stub.requests().get(0).authorization()).isEqualTo(expected);
        assertThat(config.toString()).contains("svc-medmoe").doesNotContain("s3cr3t-pw");
    }

    @Test
    void shouldSendTheBearerToken() {
        stub.always(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");

        try (HttpSchemaRegistry client = new HttpSchemaRegistry(
                RegistryClientConfig.of(stub.url()).withBearerToken("eyJhbGciOi.token"))) {
            assertThat(client.latest(SUBJECT)).isEmpty();
        }

        assertThat(stub.requests().get(0).authorization()).isEqualTo("Bearer eyJhbGciOi.token");
    }

    @Test
    void shouldSpeakTheConfluentApiPathsAndBodies() {
        // Given a registry answering each call once
        stub.then(200, "{\"id\":3}")
                .then(200, "{\"subject\":\"" + SUBJECT + "\",\"version\":1,\"id\":3,\"schema\":"
                        + quoted(SCHEMA) + "}")
                .then(200, "{\"is_compatible\":true}")
                .then(200, "{\"compatibility\":\"FULL\"}")
                .then(200, "{\"compatibility\":\"BACKWARD\"}")
                .then(200, "{\"schema\":" + quoted(SCHEMA) + "}");

        try (HttpSchemaRegistry client = client(0)) {
            // When every operation is called
            client.register(SUBJECT, SCHEMA);
            client.latest(SUBJECT);
            client.isCompatible(SUBJECT, SCHEMA);
            client.setCompatibility(SUBJECT, CompatibilityLevel.FULL);
            client.setCompatibility(null, CompatibilityLevel.BACKWARD);
            client.schemaById(4);
        }

        // Then the requests follow the Confluent REST API
        assertThat(stub.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /subjects/" + SUBJECT + "/versions",
                "GET /subjects/" + SUBJECT + "/versions/latest",
                "POST /compatibility/subjects/" + SUBJECT + "/versions/latest?verbose=true",
                "PUT /config/" + SUBJECT,
                "PUT /config",
                "GET /schemas/ids/4");
        assertThat(stub.requests().get(0).contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(stub.requests().get(0).body()).isEqualTo("{\"schema\":" + quoted(SCHEMA) + "}");
        assertThat(stub.requests().get(3).body()).isEqualTo("{\"compatibility\":\"FULL\"}");
    }

    @Test
    void shouldCacheIdsBothWays() {
        stub.then(200, "{\"id\":5}").then(200, "{\"schema\":" + quoted(SCHEMA) + "}");

        try (HttpSchemaRegistry client = client(0)) {
            client.register(SUBJECT, SCHEMA);
            client.register(SUBJECT, SCHEMA);
            client.lookup(SUBJECT, SCHEMA);
            client.schemaById(5);
            client.schemaById(6);
            client.schemaById(6);

            assertThat(client.httpRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void shouldNotMistakeAWrongBaseUrlForAMissingSubject() {
        // Given a server that answers 404 without a registry error code (e.g. a path missing /apis/ccompat/v7)
        stub.always(404, "<html>Not Found</html>");

        try (HttpSchemaRegistry client = client(3)) {
            // When a schema is looked up, Then it fails instead of answering "not registered"
            RegistryException e = catchThrowableOfType(RegistryException.class, () -> client.lookup(SUBJECT, SCHEMA));

            assertThat(stub.requests()).hasSize(1);
            assertThat(e.getMessage()).contains("lookup", SUBJECT, "HTTP 404", "registry.url",
                    "the registry's base URL");
        }
    }

    @Test
    void shouldEncodeSubjectsInThePath() {
        stub.always(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");

        try (HttpSchemaRegistry client = client(0)) {
            assertThat(client.lookup("a subject/with?odd#chars", SCHEMA)).isEmpty();
        }

        assertThat(stub.requests().get(0).path()).isEqualTo("/subjects/a%20subject%2Fwith%3Fodd%23chars");
    }

    @Test
    void shouldRetryARequestThatTimesOut() {
        // Given a registry that never answers the first request and answers the second
        CountDownLatch release = new CountDownLatch(1);
        stub.stall(release).then(200, "{\"id\":9}");

        try (HttpSchemaRegistry client = new HttpSchemaRegistry(RegistryClientConfig.of(stub.url())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
                .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)))) {
            // When a schema is registered, Then the timed-out attempt is retried
            assertThat(client.register(SUBJECT, SCHEMA)).isEqualTo(9);
            assertThat(client.httpRequestCount()).isEqualTo(2);
        } finally {
            release.countDown();
        }
    }

    private HttpSchemaRegistry client(int retries) {
        return new HttpSchemaRegistry(RegistryClientConfig.of(stub.url())
                .withRetries(retries, Duration.ofMillis(1), Duration.ofMillis(10)));
    }

    private static String quoted(Schema schema) {
        return "\"" + schema.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
