/**
 * A DICOMweb client on {@code java.net.http}: QIDO-RS search, WADO-RS retrieve (instances as a
 * streamed {@code multipart/related} body, metadata as DICOM JSON) and STOW-RS store, with
 * basic or bearer authentication, TLS, timeouts, and retries with backoff on 5xx, 429 and
 * timeouts. Failures are typed so that callers can route them: {@link
 * org.medmoe.dicom.web.DicomWebNotFoundException}, {@link
 * org.medmoe.dicom.web.DicomWebUnreachableException}, {@link
 * org.medmoe.dicom.web.DicomWebTimeoutException}, {@link
 * org.medmoe.dicom.web.DicomWebRejectedException}, {@link
 * org.medmoe.dicom.web.DicomWebUntrustedException} (a locator under no trusted endpoint, a
 * redirect), {@link org.medmoe.dicom.web.DicomWebTooLargeException} (a body over its cap). {@link
 * org.medmoe.dicom.web.TrustedEndpoints} is the one way from an event's locator to a client: only
 * locators under a configured endpoint get one, with that endpoint's credentials and TLS.
 */
package org.medmoe.dicom.web;
