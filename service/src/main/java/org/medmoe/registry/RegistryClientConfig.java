package org.medmoe.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of {@link HttpSchemaRegistry}: where the registry is, how to authenticate, TLS trust,
 * timeouts and retries. Validated on construction; every message names the offending key.
 * {@link #toString()} masks the password, the token and the truststore password.
 *
 * @param url                the registry's base URL, http or https (e.g. {@code http://registry:8081}
 *                           or Apicurio's {@code http://host:8080/apis/ccompat/v7}); key {@value #URL}
 * @param authKind           how to authenticate; key {@value #AUTH_KIND}
 * @param username           basic-auth user, required for {@link AuthKind#BASIC}; key {@value #AUTH_USERNAME}
 * @param password           basic-auth password, required for {@link AuthKind#BASIC}; key {@value #AUTH_PASSWORD}
 * @param token              bearer token, required for {@link AuthKind#BEARER}; key {@value #AUTH_TOKEN}
 * @param truststore         a PKCS12 or JKS truststore for https, or null for the JDK's default trust;
 *                           key {@value #TRUSTSTORE_LOCATION}
 * @param truststorePassword the truststore's password, or null; key {@value #TRUSTSTORE_PASSWORD}
 * @param connectTimeout     TCP/TLS connect timeout; key {@value #CONNECT_TIMEOUT_MS}
 * @param requestTimeout     time allowed for one HTTP exchange; key {@value #REQUEST_TIMEOUT_MS}
 * @param maxRetries         retries after the first attempt on 5xx, 429, timeouts and connection
 *                           errors (never on other 4xx); key {@value #RETRIES}
 * @param retryBackoff       delay before the first retry, doubled on each further retry;
 *                           key {@value #RETRY_BACKOFF_MS}
 * @param maxRetryBackoff    upper bound of one delay; key {@value #RETRY_BACKOFF_MAX_MS}
 */
public record RegistryClientConfig(
        String url,
        AuthKind authKind,
        String username,
        String password,
        String token,
        Path truststore,
        String truststorePassword,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff,
        Duration maxRetryBackoff) {

    public static final String URL = "registry.url";
    public static final String AUTH_KIND = "registry.auth.kind";
    public static final String AUTH_USERNAME = "registry.auth.username";
    public static final String AUTH_PASSWORD = "registry.auth.password";
    public static final String AUTH_TOKEN = "registry.auth.token";
    public static final String TRUSTSTORE_LOCATION = "registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "registry.ssl.truststore.password";
    public static final String CONNECT_TIMEOUT_MS = "registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "registry.request.timeout.ms";
    public static final String RETRIES = "registry.retries";
    public static final String RETRY_BACKOFF_MS = "registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "registry.retry.backoff.max.ms";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(5);

    private static final String MASK = "******";

    /** How the client authenticates to the registry. */
    public enum AuthKind {
        /** No credentials. */
        NONE,
        /** HTTP basic authentication with username and password. */
        BASIC,
        /** An {@code Authorization: Bearer} token. */
        BEARER
    }

    /** Validates every setting; throws {@link IllegalArgumentException} naming the key. */
    public RegistryClientConfig {
        url = validateUrl(url);
        Objects.requireNonNull(authKind, AUTH_KIND + " must be set (none, basic or bearer)");
        Objects.requireNonNull(connectTimeout, CONNECT_TIMEOUT_MS + " must be set");
        Objects.requireNonNull(requestTimeout, REQUEST_TIMEOUT_MS + " must be set");
        Objects.requireNonNull(retryBackoff, RETRY_BACKOFF_MS + " must be set");
        Objects.requireNonNull(maxRetryBackoff, RETRY_BACKOFF_MAX_MS + " must be set");
        if (authKind == AuthKind.BASIC) {
            require(!isBlank(username), AUTH_USERNAME + " must be set when " + AUTH_KIND + "=basic");
            require(password != null, AUTH_PASSWORD + " must be set when " + AUTH_KIND + "=basic");
            require(username.indexOf(':') < 0, AUTH_USERNAME + " must not contain ':' (basic auth)");
        }
        if (authKind == AuthKind.BEARER) {
            require(!isBlank(token), AUTH_TOKEN + " must be set when " + AUTH_KIND + "=bearer");
        }
        require(truststore == null || url.startsWith("https:"),
                TRUSTSTORE_LOCATION + " is set but " + URL + " is not https: " + url);
        require(positive(connectTimeout), CONNECT_TIMEOUT_MS + " must be > 0, was " + connectTimeout.toMillis());
        require(positive(requestTimeout), REQUEST_TIMEOUT_MS + " must be > 0, was " + requestTimeout.toMillis());
        require(maxRetries >= 0 && maxRetries <= 100, RETRIES + " must be between 0 and 100, was " + maxRetries);
        require(!retryBackoff.isNegative(), RETRY_BACKOFF_MS + " must be >= 0, was " + retryBackoff.toMillis());
        require(maxRetryBackoff.compareTo(retryBackoff) >= 0,
                RETRY_BACKOFF_MAX_MS + " must be >= " + RETRY_BACKOFF_MS + ", was " + maxRetryBackoff.toMillis());
    }

    /** A configuration for {@code url} with no authentication and default timeouts and retries. */
    public static RegistryClientConfig of(String url) {
        return new RegistryClientConfig(url, AuthKind.NONE, null, null, null, null, null,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_RETRIES,
                DEFAULT_RETRY_BACKOFF, DEFAULT_MAX_RETRY_BACKOFF);
    }

    /**
     * Reads the {@code registry.*} keys from {@code props} (e.g. Kafka client properties); absent
     * keys take their defaults, only {@value #URL} is required. Values may be strings or numbers.
     */
    public static RegistryClientConfig fromMap(Map<String, ?> props) {
        String kind = string(props, AUTH_KIND, "none").trim().toUpperCase(Locale.ROOT);
        AuthKind authKind;
        try {
            authKind = AuthKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(AUTH_KIND + " must be none, basic or bearer, was '"
                    + kind.toLowerCase(Locale.ROOT) + "'", e);
        }
        String truststore = string(props, TRUSTSTORE_LOCATION, null);
        return new RegistryClientConfig(
                string(props, URL, null),
                authKind,
                string(props, AUTH_USERNAME, null),
                string(props, AUTH_PASSWORD, null),
                string(props, AUTH_TOKEN, null),
                isBlank(truststore) ? null : Path.of(truststore),
                string(props, TRUSTSTORE_PASSWORD, null),
                Duration.ofMillis(number(props, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT.toMillis())),
                Duration.ofMillis(number(props, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT.toMillis())),
                (int) number(props, RETRIES, DEFAULT_RETRIES),
                Duration.ofMillis(number(props, RETRY_BACKOFF_MS, DEFAULT_RETRY_BACKOFF.toMillis())),
                Duration.ofMillis(number(props, RETRY_BACKOFF_MAX_MS, DEFAULT_MAX_RETRY_BACKOFF.toMillis())));
    }

    /** This configuration with basic authentication. */
    public RegistryClientConfig withBasicAuth(String user, String secret) {
        return new RegistryClientConfig(url, AuthKind.BASIC, user, secret, null, truststore, truststorePassword,
                connectTimeout, requestTimeout, maxRetries, retryBackoff, maxRetryBackoff);
    }

    /** This configuration with a bearer token. */
    public RegistryClientConfig withBearerToken(String bearerToken) {
        return new RegistryClientConfig(url, AuthKind.BEARER, null, null, bearerToken, truststore, truststorePassword,
                connectTimeout, requestTimeout, maxRetries, retryBackoff, maxRetryBackoff);
    }

    /** This configuration with other timeouts. */
    public RegistryClientConfig withTimeouts(Duration connect, Duration request) {
        return new RegistryClientConfig(url, authKind, username, password, token, truststore, truststorePassword,
                connect, request, maxRetries, retryBackoff, maxRetryBackoff);
    }

    /** This configuration with other retry settings. */
    public RegistryClientConfig withRetries(int retries, Duration backoff, Duration maxBackoff) {
        return new RegistryClientConfig(url, authKind, username, password, token, truststore, truststorePassword,
                connectTimeout, requestTimeout, retries, backoff, maxBackoff);
    }

    /** This configuration with a truststore (https only). */
    public RegistryClientConfig withTruststore(Path location, String storePassword) {
        return new RegistryClientConfig(url, authKind, username, password, token, location, storePassword,
                connectTimeout, requestTimeout, maxRetries, retryBackoff, maxRetryBackoff);
    }

    @Override
    public String toString() {
        return "RegistryClientConfig[" + URL + "=" + url
                + ", " + AUTH_KIND + "=" + authKind.name().toLowerCase(Locale.ROOT)
                + ", " + AUTH_USERNAME + "=" + (username == null ? "" : username)
                + ", " + AUTH_PASSWORD + "=" + mask(password)
                + ", " + AUTH_TOKEN + "=" + mask(token)
                + ", " + TRUSTSTORE_LOCATION + "=" + (truststore == null ? "" : truststore)
                + ", " + TRUSTSTORE_PASSWORD + "=" + mask(truststorePassword)
                + ", " + CONNECT_TIMEOUT_MS + "=" + connectTimeout.toMillis()
                + ", " + REQUEST_TIMEOUT_MS + "=" + requestTimeout.toMillis()
                + ", " + RETRIES + "=" + maxRetries
                + ", " + RETRY_BACKOFF_MS + "=" + retryBackoff.toMillis()
                + ", " + RETRY_BACKOFF_MAX_MS + "=" + maxRetryBackoff.toMillis() + "]";
    }

    private static String mask(String secret) {
        return secret == null ? "" : MASK;
    }

    private static String validateUrl(String url) {
        require(!isBlank(url), URL + " must be set (e.g. http://localhost:8081)");
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URL + " is not a valid URL: '" + url + "' (" + e.getReason() + ")", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        require(scheme.equals("http") || scheme.equals("https"),
                URL + " must be an http or https URL, was '" + url + "'");
        require(uri.getHost() != null, URL + " has no host: '" + url + "'");
        require(uri.getUserInfo() == null,
                URL + " must not carry credentials; use " + AUTH_USERNAME + " and " + AUTH_PASSWORD);
        require(uri.getQuery() == null && uri.getFragment() == null,
                URL + " must not have a query or fragment: '" + url + "'");
        return trimmed;
    }

    private static String string(Map<String, ?> props, String key, String fallback) {
        Object value = props.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Path p) {
            return p.toString();
        }
        return value.toString();
    }

    private static long number(Map<String, ?> props, String key, long fallback) {
        Object value = props.get(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'", e);
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
