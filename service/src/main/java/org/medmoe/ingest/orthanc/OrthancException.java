package org.medmoe.ingest.orthanc;

/** Orthanc's REST API could not be reached or answered something unusable. */
public final class OrthancException extends Exception {

    private final int status;

    /** @param status the HTTP status, or -1 when none came back */
    public OrthancException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or -1 when no response came back. */
    public int status() {
        return status;
    }
}
