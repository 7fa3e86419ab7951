package org.medmoe.dicom.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request and the reading of its response body with retries, and turns failures into typed
 * {@link DicomWebException}s: connection failures, 5xx and 429, no headers within the request
 * timeout, and a body that stalls for longer than the read timeout are retried with backoff; other
 * 4xx and unreadable bodies fail at once. A redirect is refused ({@link DicomWebUntrustedException}):
 * the client never follows one, so no request and no credential leaves the endpoint. A 2xx body whose
 * declared Content-Length passes the call's cap is refused before it is read
 * ({@link DicomWebTooLargeException}). Error bodies are cut to {@link BodyLimits#ERROR_BODY_BYTES}
 * and the endpoint's credentials are masked in them. Thread-safe.
 */
final class Retrier {

    /** Reads a 2xx response's body (open, closed by the retrier afterwards) into a result. */
    @FunctionalInterface
    interface BodyReader<T> {
        /**
         * Reads the body. A {@link BodyStalledException} that escapes makes the retrier try the
         * whole request again; a reader that cannot allow that (it has handed data on) throws a
         * {@link DicomWebException} instead.
         */
        T read(HttpResponse<InputStream> response) throws IOException, DicomWebException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final HttpClient http;
    private final DicomWebConfig config;

    Retrier(HttpClient http, DicomWebConfig config) {
        this.http = http;
        this.config = config;
    }

    /**
     * Sends until a 2xx comes back and {@code reader} has read its body, or the attempts run out.
     */
    <T> T exchange(String method, HttpRequest.Builder builder, long cap, BodyReader<T> reader)
            throws DicomWebException {
        HttpRequest request = builder.build();
        String what = method + " " + withoutQuery(request.uri());
        Duration backoff = config.initialBackoff();
        DicomWebException last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            Duration wait = backoff;
            String of = " (attempt " + attempt + " of " + config.maxAttempts() + ")";
            try {
                HttpResponse<InputStream> response = http.send(request, IdleTimeoutBody.handler(config.readTimeout()));
                int status = response.statusCode();
                if (status >= 300 && status < 400) {
                    response.body().close();
                    throw new DicomWebUntrustedException(what, status, "redirect to " + location(response)
                            + " refused: redirects are never followed", null);
                }
                if (status >= 200 && status < 300) {
                    try (InputStream in = response.body()) {
                        refuseDeclaredOverCap(what, response, cap);
                        return reader.read(response);
                    } catch (BodyStalledException e) {
                        last = new DicomWebTimeoutException(what, status, e.getMessage() + of, e);
                    }
                } else {
                    String body = errorBody(response);
                    if (status == 404 || status == 410) {
                        throw new DicomWebNotFoundException(what, status, body, null);
                    }
                    if (status != 429 && status < 500) {
                        throw new DicomWebRejectedException(what, status, body, null);
                    }
                    last = new DicomWebUnreachableException(what, status, body + of, null);
                    wait = retryAfter(response, backoff);
                }
            } catch (HttpTimeoutException e) {
                last = new DicomWebTimeoutException(what, -1, "no answer within " + config.requestTimeout() + of, e);
            } catch (ConnectException e) {
                last = new DicomWebUnreachableException(what, -1, "cannot connect: " + e + of, e);
            } catch (IOException e) {
                last = new DicomWebUnreachableException(what, -1, e + of, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DicomWebTimeoutException(what, -1, "interrupted", e);
            }
            if (attempt < config.maxAttempts()) {
                LOG.warn("DICOMweb {} failed, retrying in {} ms: {}", what, wait.toMillis(), last.getMessage());
                pause(wait, what);
                backoff = min(backoff.multipliedBy(2), config.maxBackoff());
            }
        }
        throw last;
    }

    /**
     * The URI without its query: QIDO-RS queries may carry patient identifiers, which must not
     * reach logs or error messages.
     */
    static String withoutQuery(java.net.URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?(query omitted)";
    }

    private Duration retryAfter(HttpResponse<?> response, Duration backoff) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return min(Duration.ofSeconds(Long.parseLong(v.trim())), config.maxBackoff());
            } catch (NumberFormatException e) {
                return backoff;
            }
        }).orElse(backoff);
    }

    private static void pause(Duration wait, String what) throws DicomWebTimeoutException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DicomWebTimeoutException(what, -1, "interrupted while waiting to retry", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private String errorBody(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            String text = new String(in.readNBytes(BodyLimits.ERROR_BODY_BYTES), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(empty body)" : masked(text.replaceAll("\\s+", " "));
        } catch (IOException e) {
            return "(unreadable body: " + e.getMessage() + ")";
        }
    }

    /** {@code text} with every form of the endpoint's credentials (header value, token, password) masked. */
    String masked(String text) {
        String out = text;
        for (String secret : config.auth().secrets()) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    private static void refuseDeclaredOverCap(String what, HttpResponse<InputStream> response, long cap)
            throws DicomWebTooLargeException {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > cap) {
            throw new DicomWebTooLargeException(what, response.statusCode(), "the response declares " + declared
                    + " bytes, over the cap of " + cap + " bytes; refused unread", null);
        }
    }

    /** Where a redirect points, as scheme, host and port only (its path and query may carry identifiers). */
    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").map(v -> {
            try {
                java.net.URI uri = response.uri().resolve(v.trim());
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            } catch (IllegalArgumentException e) {
                return "(an unparseable Location)";
            }
        }).orElse("(no Location)");
    }
}
