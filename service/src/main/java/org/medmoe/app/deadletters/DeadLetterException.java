package org.medmoe.app.deadletters;

/** A dead-letter command could not read or replay: the message says what and where. */
public class DeadLetterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeadLetterException(String message) {
        super(message);
    }

    public DeadLetterException(String message, Throwable cause) {
        super(message, cause);
    }
}
