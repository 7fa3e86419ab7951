package org.medmoe.devtools.bench.model;

/** The benchmark could not run a step (model generation, the PyTorch side); the message says which. */
public final class BenchmarkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BenchmarkException(String message) {
        super(message);
    }

    public BenchmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
