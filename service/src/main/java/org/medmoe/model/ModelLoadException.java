package org.medmoe.model;

/**
 * A model directory cannot be used: a file is missing or unreadable, the manifest is malformed,
 * a file's SHA-256 does not match the manifest, or a graph does not match the manifest.
 */
public class ModelLoadException extends ModelException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
