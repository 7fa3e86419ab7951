package org.medmoe.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP exchanges with a Confluent-compatible registry: authentication, JSON, retries with
 * exponential backoff (5xx, 429, timeouts, connection errors; never other 4xx) and error messages.
 * Thread-safe; holds no per-call state. Credentials are kept only in the prepared header value.
 */
final class RegistryTransport {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; q=0.9, "
            + "application/json; q=0.5";

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final String authorization;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong requests = new AtomicLong();

    /** One answer: status and parsed JSON body ({@link MissingNode} when empty or not JSON). */
    record Answer(int status, JsonNode body) {
    }

    RegistryTransport(RegistryClientConfig config, SSLContext sslContext) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1);
        SSLContext tls = sslContext != null ? sslContext : truststoreContext(config);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.authorization = switch (config.authKind()) {
            case NONE -> null;
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString(
                    (config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
            case BEARER -> "Bearer " + config.token().trim();
        };
    }

    ObjectMapper json() {
        return json;
    }

    long requestCount() {
        return requests.get();
    }

    /**
     * Sends one request, retrying as configured; returns the answer when its status is 2xx or in
     * {@code accepted}, otherwise throws a {@link RegistryException} that names everything.
     */
    Answer send(String operation, String subject, String method, String path, JsonNode body, Set<Integer> accepted) {
        HttpRequest request = request(method, path, body);
        int attempt = 0;
        while (true) {
            requests.incrementAndGet();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (attempt < config.maxRetries() && !(e instanceof SSLHandshakeException)) {
                    backoff(operation, subject, attempt++, describe(e), null);
                    continue;
                }
                throw new RegistryException(message(operation, subject, "no answer after " + (attempt + 1)
                        + " attempt(s): " + describe(e), null), RegistryException.NO_RESPONSE, 0,
                        config.url(), operation, subject, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(message(operation, subject, "interrupted", null),
                        RegistryException.NO_RESPONSE, 0, config.url(), operation, subject, e);
            }
            int status = response.statusCode();
            JsonNode answer = parse(response.body());
            // A 404 is the registry's answer only when it carries a registry error code (40401 no
            // subject, 40402 no version, 40403 no schema); a bare 404 means a wrong base URL.
            boolean expected = accepted.contains(status) && (status != 404 || isRegistryNotFound(answer));
            if ((status >= 200 && status < 300) || expected) {
                return new Answer(status, answer);
            }
            boolean retriable = RegistryException.isTransientStatus(status);
            if (retriable && attempt < config.maxRetries()) {
                backoff(operation, subject, attempt++, "HTTP " + status,
                        response.headers().firstValue("Retry-After").orElse(null));
                continue;
            }
            throw failure(operation, subject, status, answer, response.body(),
                    retriable ? " (after " + (attempt + 1) + " attempts)" : "");
        }
    }

    /** The exception for an {@code answer} that {@link #send} accepted but the caller cannot use. */
    RegistryException failure(String operation, String subject, Answer answer) {
        return failure(operation, subject, answer.status(), answer.body(), "", "");
    }

    private RegistryException failure(String operation, String subject, int status, JsonNode answer, String rawBody,
            String attempts) {
        int errorCode = answer.path("error_code").asInt(0);
        String registryMessage = answer.path("message").asText(null);
        if (registryMessage == null && !rawBody.isBlank()) {
            registryMessage = abbreviate(rawBody);
        }
        String detail = "HTTP " + status + (errorCode != 0 ? ", error_code " + errorCode : "")
                + (registryMessage != null ? ": " + registryMessage : "") + attempts;
        if (status == 404 && errorCode == 0) {
            detail += " (no registry error code: is " + RegistryClientConfig.URL + " the registry's base URL?"
                    + " For Apicurio it ends in /apis/ccompat/v7)";
        }
        return new RegistryException(message(operation, subject, detail, status), status, errorCode,
                config.url(), operation, subject, null);
    }

    /** The request, with the configured timeout, authorization and, when there is one, the JSON body. */
    private HttpRequest request(String method, String path, JsonNode body) {
        URI uri = URI.create(config.url() + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private String message(String operation, String subject, String detail, Integer status) {
        String hint = "";
        if (status != null && (status == 401 || status == 403)) {
            hint = " (check " + RegistryClientConfig.AUTH_KIND + " and the credentials)";
        } else if (status != null && status == 409) {
            hint = " (the schema is incompatible with the versions already registered under the subject's"
                    + " compatibility level)";
        }
        return "schema registry " + config.url() + ": " + operation
                + (subject != null ? " for subject '" + subject + "'" : "")
                + " failed: " + detail + hint;
    }

    private void backoff(String operation, String subject, int attempt, String why, String retryAfter) {
        long base = config.retryBackoff().toMillis();
        long max = config.maxRetryBackoff().toMillis();
        long delay = Math.min(max, base << Math.min(attempt, 20));
        if (retryAfter != null) {
            try {
                delay = Math.min(max, Math.max(delay, Duration.ofSeconds(Long.parseLong(retryAfter.trim())).toMillis()));
            } catch (NumberFormatException e) {
                LOG.debug("ignoring non-numeric Retry-After '{}'", retryAfter);
            }
        }
        LOG.warn("schema registry {}: {}{} failed ({}); retry {} of {} in {} ms", config.url(), operation,
                subject != null ? " for subject '" + subject + "'" : "", why, attempt + 1, config.maxRetries(), delay);
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(message(operation, subject, "interrupted while waiting to retry", null),
                    RegistryException.NO_RESPONSE, 0, config.url(), operation, subject, e);
        }
    }

    private static boolean isRegistryNotFound(JsonNode answer) {
        int code = answer.path("error_code").asInt(0);
        return code >= 40400 && code < 40500;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static String describe(IOException e) {
        if (e instanceof SSLHandshakeException) {
            return "TLS handshake failed (" + e.getMessage() + "); check " + RegistryClientConfig.TRUSTSTORE_LOCATION;
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out (" + e.getMessage() + ")";
        }
        if (e instanceof ConnectException) {
            return "connection refused or unreachable"
                    + (e.getMessage() != null ? " (" + e.getMessage() + ")" : "");
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    private static SSLContext truststoreContext(RegistryClientConfig config) {
        if (config.truststore() == null) {
            return null;
        }
        char[] password = config.truststorePassword() == null ? null : config.truststorePassword().toCharArray();
        if (!Files.isReadable(config.truststore())) {
            throw new IllegalArgumentException(RegistryClientConfig.TRUSTSTORE_LOCATION + ": cannot read truststore '"
                    + config.truststore() + "'");
        }
        try {
            KeyStore store = KeyStore.getInstance(config.truststore().toFile(), password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(RegistryClientConfig.TRUSTSTORE_LOCATION + ": cannot load truststore '"
                    + config.truststore() + "' (" + e.getMessage() + "); check the file and "
                    + RegistryClientConfig.TRUSTSTORE_PASSWORD, e);
        }
    }
}
