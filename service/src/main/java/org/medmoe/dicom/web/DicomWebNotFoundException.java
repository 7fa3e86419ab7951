package org.medmoe.dicom.web;

/** The server answered 404 or 410 */
public final class DicomWebNotFoundException extends DicomWebException {

    /** Creates the exception; see {@link DicomWebException}. */
    public DicomWebNotFoundException(String request, int status, String detail, Throwable cause) {
        super(request, status, detail, cause);
    }
}
