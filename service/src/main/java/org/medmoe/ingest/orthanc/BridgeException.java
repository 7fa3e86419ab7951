package org.medmoe.ingest.orthanc;

/** The bridge could not commit or restore its state; the last commit stands. */
public final class BridgeException extends Exception {

    /** Creates the exception. */
    public BridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
