package org.medmoe.dicom.web;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where and how to reach a DICOMweb service.
 *
 * @param baseUrl service root, e.g. {@code http://pacs:8042/dicom-web} (a trailing slash is removed)
 * @param auth authentication
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout time allowed for the response headers of one attempt
 * @param readTimeout longest wait for the next bytes of a response body once the headers came (a
 *        server that stalls mid-body); a stall is retried like a request timeout
 * @param maxAttempts attempts per request, at least 1 (retries = maxAttempts - 1)
 * @param initialBackoff wait before the first retry; doubles per retry
 * @param maxBackoff cap on one wait, also on a server's Retry-After
 * @param sslContext TLS context for https, or null for the JVM default
 * @param limits caps on response bodies
 */
public record DicomWebConfig(URI baseUrl, DicomWebAuth auth, Duration connectTimeout, Duration requestTimeout,
        Duration readTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff, SSLContext sslContext,
        BodyLimits limits) {

    /** Validates and normalises. */
    public DicomWebConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String s = baseUrl.toString();
        baseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        auth = auth == null ? DicomWebAuth.none() : auth;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive, was " + readTimeout);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        limits = limits == null ? BodyLimits.defaults() : limits;
    }

    /**
     * Defaults: no auth, 5 s connect, 30 s request, 30 s read, 4 attempts, backoff 200 ms doubling up
     * to 5 s.
     */
    public static DicomWebConfig of(URI baseUrl) {
        return new DicomWebConfig(baseUrl, DicomWebAuth.none(), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(30), 4, Duration.ofMillis(200), Duration.ofSeconds(5), null, BodyLimits.defaults());
    }

    /** A copy with other authentication. */
    public DicomWebConfig withAuth(DicomWebAuth other) {
        return new DicomWebConfig(baseUrl, other, connectTimeout, requestTimeout, readTimeout, maxAttempts,
                initialBackoff, maxBackoff, sslContext, limits);
    }

    /** A copy with other timeouts and attempts. */
    public DicomWebConfig withTimeouts(Duration connect, Duration request, int attempts, Duration backoff) {
        return new DicomWebConfig(baseUrl, auth, connect, request, readTimeout, attempts, backoff, maxBackoff,
                sslContext, limits);
    }

    /** A copy with another read (idle) timeout for response bodies. */
    public DicomWebConfig withReadTimeout(Duration read) {
        return new DicomWebConfig(baseUrl, auth, connectTimeout, requestTimeout, read, maxAttempts, initialBackoff,
                maxBackoff, sslContext, limits);
    }

    /** A copy with another TLS context (null: the JVM default). */
    public DicomWebConfig withSslContext(SSLContext context) {
        return new DicomWebConfig(baseUrl, auth, connectTimeout, requestTimeout, readTimeout, maxAttempts,
                initialBackoff, maxBackoff, context, limits);
    }

    /** A copy with other caps on response bodies. */
    public DicomWebConfig withLimits(BodyLimits other) {
        return new DicomWebConfig(baseUrl, auth, connectTimeout, requestTimeout, readTimeout, maxAttempts,
                initialBackoff, maxBackoff, sslContext, other);
    }

    /** A copy for another root (a locator under this endpoint), with the same settings. */
    public DicomWebConfig withBaseUrl(URI other) {
        return new DicomWebConfig(other, auth, connectTimeout, requestTimeout, readTimeout, maxAttempts,
                initialBackoff, maxBackoff, sslContext, limits);
    }
}
