package org.medmoe.dicom.web;

import java.io.IOException;
import java.time.Duration;

/**
 * No byte of a response body arrived within the read timeout: the server sent its headers and
 * then stalled. Raised by the body stream's {@code read}; the client turns it into a
 * {@link DicomWebTimeoutException}.
 */
final class BodyStalledException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for a stall of {@code idle} after {@code received} body bytes. */
    BodyStalledException(Duration idle, long received) {
        super("response body stalled: no data for " + idle.toMillis() + " ms after " + received + " bytes");
    }
}
