package org.medmoe.dicom;

/** The bytes are not a readable DICOM object: truncated, malformed, no pixel data, ... */
public final class DicomCorruptException extends DicomReadException {

    /** Creates the exception with a message that says what is wrong. */
    public DicomCorruptException(String message) {
        super(message, null);
    }

    /** Creates the exception with a message and the toolkit's error. */
    public DicomCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
