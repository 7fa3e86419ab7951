package org.medmoe.dicom.web;

/**
 * A response body larger than its cap ({@link BodyLimits}): refused on its declared Content-Length
 * before it is read, or when the counted bytes pass the cap; not retried.
 */
public final class DicomWebTooLargeException extends DicomWebException {

    /** Creates the exception; see {@link DicomWebException}. */
    public DicomWebTooLargeException(String request, int status, String detail, Throwable cause) {
        super(request, status, detail, cause);
    }
}
