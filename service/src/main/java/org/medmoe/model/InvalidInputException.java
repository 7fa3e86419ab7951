package org.medmoe.model;

/**
 * A request the model cannot answer as given: an image of the wrong size or channels, a question
 * that does not fit the context, an empty candidate list. Retrying the same input fails again.
 */
public class InvalidInputException extends ModelException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
