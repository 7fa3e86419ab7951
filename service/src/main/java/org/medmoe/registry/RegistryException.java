package org.medmoe.registry;

import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;

/**
 * A schema-registry call failed. The message names the registry, the operation, the subject, the
 * HTTP status and, when the registry sent one, its {@code error_code} and message; the same facts
 * are available as fields so that callers can branch on them without parsing text.
 *
 * <p>Instances are immutable. Secrets (passwords, tokens) never appear in them.
 */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Status used when no HTTP answer came (connection refused, timeout, TLS failure). */
    public static final int NO_RESPONSE = -1;

    private final int httpStatus;
    private final int errorCode;
    private final String registry;
    private final String operation;
    private final String subject;

    /** A failure with only a message and a status (kept for callers that need nothing more). */
    public RegistryException(String message, int httpStatus, Throwable cause) {
        this(message, httpStatus, 0, null, null, null, cause);
    }

    /**
     * A failure with all its facts.
     *
     * @param message    full human-readable message (already naming registry, operation, subject)
     * @param httpStatus the HTTP status, or {@link #NO_RESPONSE}
     * @param errorCode  the registry's {@code error_code}, or 0 when it sent none
     * @param registry   the registry's base URL, or null
     * @param operation  the operation (register, lookup, ...), or null
     * @param subject    the subject, or null when the operation has none
     * @param cause      the underlying exception, or null
     */
    public RegistryException(String message, int httpStatus, int errorCode, String registry,
            String operation, String subject, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.registry = registry;
        this.operation = operation;
        this.subject = subject;
    }

    /** The HTTP status the registry answered, or {@link #NO_RESPONSE} (-1) when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code} (e.g. 40403 schema not found), or 0 when it sent none. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's base URL, when known. */
    public Optional<String> registry() {
        return Optional.ofNullable(registry);
    }

    /** The operation that failed (register, lookup, schemaById, latest, isCompatible, setCompatibility). */
    public Optional<String> operation() {
        return Optional.ofNullable(operation);
    }

    /** The subject of the call, when it had one. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /**
     * True when the same call may succeed later: no answer came (but the TLS handshake did not fail and
     * the caller was not interrupted), or the registry answered that it cannot now (5xx, 429).
     */
    public boolean isTransient() {
        if (httpStatus == NO_RESPONSE) {
            return !(getCause() instanceof SSLHandshakeException) && !(getCause() instanceof InterruptedException);
        }
        return isTransientStatus(httpStatus);
    }

    /** True for the HTTP statuses that say "not now": 5xx and 429. */
    static boolean isTransientStatus(int status) {
        return status >= 500 || status == 429;
    }

    /** True when the registry answered 404 (no such subject, version or schema id). */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /** True when the registry refused a schema as incompatible (HTTP 409). */
    public boolean isIncompatible() {
        return httpStatus == 409;
    }
}
