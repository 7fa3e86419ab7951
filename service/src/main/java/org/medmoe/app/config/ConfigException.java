package org.medmoe.app.config;

/** The configuration is invalid; the message names the key, the value's origin and what was expected. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
