package org.medmoe.dicom.web;

/**
 * A DICOMweb request failed. The message names the request, the server and what came back;
 * credentials are never part of it.
 */
public abstract sealed class DicomWebException extends Exception
        permits DicomWebNotFoundException, DicomWebUnreachableException, DicomWebTimeoutException,
        DicomWebRejectedException, DicomWebUntrustedException, DicomWebTooLargeException {

    private final String request;
    private final int status;

    /**
     * @param request what was asked, e.g. {@code GET http://pacs/dicom-web/studies/1.2.3}
     * @param status HTTP status that came back, or -1 when none did
     * @param detail what came back or what went wrong
     * @param cause the underlying error, or null
     */
    protected DicomWebException(String request, int status, String detail, Throwable cause) {
        super(request + " -> " + (status > 0 ? "HTTP " + status + ": " : "") + detail, cause);
        this.request = request;
        this.status = status;
    }

    /** The request, as method and URL. */
    public String request() {
        return request;
    }

    /** The HTTP status, or -1 when no response came back. */
    public int status() {
        return status;
    }
}
