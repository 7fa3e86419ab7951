package org.medmoe.dicom.web;

/** The server did not answer within the configured timeout, after every retry. */
public final class DicomWebTimeoutException extends DicomWebException {

    /** Creates the exception; see {@link DicomWebException}. */
    public DicomWebTimeoutException(String request, int status, String detail, Throwable cause) {
        super(request, status, detail, cause);
    }
}
