package org.medmoe.dicom.web;

/**
 * A request that would leave the trusted endpoints: a locator that falls under none of them, or a
 * response that redirects (redirects are never followed). Nothing was sent to the place named; not
 * retried.
 */
public final class DicomWebUntrustedException extends DicomWebException {

    /** Creates the exception; see {@link DicomWebException}. */
    public DicomWebUntrustedException(String request, int status, String detail, Throwable cause) {
        super(request, status, detail, cause);
    }
}
