package org.medmoe.devtools.embedded;

/** An embedded service (broker, registry) could not start; the message says which and why. */
public class EmbeddedStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmbeddedStartException(String message) {
        super(message);
    }

    public EmbeddedStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
