package org.medmoe.dicom;

/**
 * A well-formed DICOM object that this service cannot decode: a transfer syntax the toolkit
 * lacks (JPEG-LS, 12-bit JPEG extended, ...), a pixel format it does not handle, or a size over
 * the configured limits.
 */
public final class DicomUnsupportedException extends DicomReadException {

    private final String transferSyntaxUid;

    /**
     * Creates the exception.
     *
     * @param message what is unsupported; names the transfer syntax when that is the reason
     * @param transferSyntaxUid the object's transfer syntax UID, or null when unknown
     */
    public DicomUnsupportedException(String message, String transferSyntaxUid) {
        super(message, null);
        this.transferSyntaxUid = transferSyntaxUid;
    }

    /** Returns the transfer syntax UID of the object, or null when unknown. */
    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }
}
