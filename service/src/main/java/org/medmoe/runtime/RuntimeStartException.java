package org.medmoe.runtime;

/** ONNX Runtime or a graph could not be started: the message says which file or provider and why. */
public class RuntimeStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RuntimeStartException(String message) {
        super(message);
    }

    public RuntimeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
