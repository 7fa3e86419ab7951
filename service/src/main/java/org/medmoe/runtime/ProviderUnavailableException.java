package org.medmoe.runtime;

/** A requested execution provider cannot be used here and the configuration forbids CPU fallback. */
public final class ProviderUnavailableException extends RuntimeStartException {
    private static final long serialVersionUID = 1L;
    private final ExecutionProvider provider;

    public ProviderUnavailableException(ExecutionProvider provider, String reason, Throwable cause) {
        super("execution provider " + provider + " was requested but is unavailable: " + reason
                + " (set allowCpuFallback to run on CPU instead)", cause);
        this.provider = provider;
    }

    /** The provider that was asked for. */
    public ExecutionProvider provider() {
        return provider;
    }
}
