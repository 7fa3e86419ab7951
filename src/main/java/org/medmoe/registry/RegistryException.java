package org.medmoe.registry;

/** A schema-registry call failed; the message names the registry, the subject and the HTTP status. */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int httpStatus;

    public RegistryException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the registry answered, or -1 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }
}
