package org.medmoe.runtime;

/** A graph run failed (bad input shapes, out of memory, a native error); the message names the graph. */
public class InferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
