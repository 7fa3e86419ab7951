package org.medmoe.app.topics;

/** Reading a topic failed as a whole: it does not exist, Kafka or the schema registry cannot be reached. */
public final class TopicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TopicException(String message, Throwable cause) {
        super(message, cause);
    }
}
