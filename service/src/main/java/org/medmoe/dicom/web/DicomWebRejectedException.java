package org.medmoe.dicom.web;

/** The server refused the request with a 4xx other than 404, 410 and 429 (bad request, unauthorised, forbidden, conflict, ...); not retried. */
public final class DicomWebRejectedException extends DicomWebException {

    /** Creates the exception; see {@link DicomWebException}. */
    public DicomWebRejectedException(String request, int status, String detail, Throwable cause) {
        super(request, status, detail, cause);
    }
}
