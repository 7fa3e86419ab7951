package org.medmoe.ingest.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The few calls of Orthanc's REST API the bridge needs. Redirects are not followed, and an answer
 * larger than {@link #MAX_BODY_BYTES} is refused, on its declared length before it is read or
 * when the bytes read pass it. Thread-safe.
 */
public final class OrthancRest {
    /** The largest answer read: a page of the change feed or a study's series, expanded. */
    static final int MAX_BODY_BYTES = 64 << 20;

    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param base Orthanc's REST root, e.g. {@code http://orthanc:8042}
     * @param authorization an Authorization header value, or null
     * @param timeout per-request timeout
     */
    public OrthancRest(URI base, String authorization, Duration timeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.authorization = authorization;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** {@code GET /changes?since=&limit=}. */
    public JsonNode changes(long since, int limit) throws OrthancException {
        return get("/changes?since=" + since + "&limit=" + limit)
                .orElseThrow(() -> new OrthancException("GET " + base + "/changes -> 404", 404, null));
    }

    /** {@code GET /studies/{id}}, or empty when the study is gone. */
    public Optional<JsonNode> study(String id) throws OrthancException {
        return get("/studies/" + id);
    }

    /** {@code GET /studies/{id}/series} (expanded series), or empty when the study is gone. */
    public Optional<JsonNode> seriesOfStudy(String id) throws OrthancException {
        return get("/studies/" + id + "/series");
    }

    private Optional<JsonNode> get(String path) throws OrthancException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<InputStream> r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                if (r.statusCode() == 404) {
                    return Optional.empty();
                }
                if (r.statusCode() / 100 != 2) {
                    throw new OrthancException("GET " + base + path + " -> HTTP " + r.statusCode(), r.statusCode(), null);
                }
                long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                byte[] bytes = declared > MAX_BODY_BYTES ? null : body.readNBytes(MAX_BODY_BYTES + 1);
                if (bytes == null || bytes.length > MAX_BODY_BYTES) {
                    throw new OrthancException("GET " + base + path + " -> an answer over " + MAX_BODY_BYTES
                            + " bytes; refused", r.statusCode(), null);
                }
                return Optional.of(json.readTree(bytes));
            }
        } catch (IOException e) {
            throw new OrthancException("GET " + base + path + " failed: " + e, -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrthancException("GET " + base + path + " interrupted", -1, e);
        }
    }
}
