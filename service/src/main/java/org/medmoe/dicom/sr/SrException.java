package org.medmoe.dicom.sr;

/**
 * The findings could not be turned into a Structured Report: they do not match the prompt set given,
 * or the toolkit refused a value.
 */
public final class SrException extends Exception {

    /** Creates the exception. */
    public SrException(String message, Throwable cause) {
        super(message, cause);
    }
}
