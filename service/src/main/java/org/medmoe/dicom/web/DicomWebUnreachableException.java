package org.medmoe.dicom.web;

/** No usable answer */
public final class DicomWebUnreachableException extends DicomWebException {

    /** Creates the exception; see {@link DicomWebException}. */
    public DicomWebUnreachableException(String request, int status, String detail, Throwable cause) {
        super(request, status, detail, cause);
    }
}
