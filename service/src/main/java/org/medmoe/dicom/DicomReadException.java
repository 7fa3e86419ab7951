package org.medmoe.dicom;

/**
 * A DICOM object could not be read or decoded. Subclasses say whether the input is at fault
 * ({@link DicomCorruptException}) or this service cannot handle it
 * ({@link DicomUnsupportedException}).
 */
public abstract sealed class DicomReadException extends Exception
        permits DicomCorruptException, DicomUnsupportedException {

    /** Creates the exception. */
    protected DicomReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
