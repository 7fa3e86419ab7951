/**
 * A DICOMweb client on {@code java.net.http}: QIDO-RS search, WADO-RS retrieve (instances as a
 * streamed {@code multipart/related} body, metadata as DICOM JSON) and STOW-RS store, with
 * basic or bearer authentication, TLS, timeouts, and retries with backoff on 5xx, 429 and
 * timeouts. Failures are typed so that callers can route them: {@link
 * org.medmoe.dicom.web.DicomWebNotFoundException}, {@link
 * org.medmoe.dicom.web.DicomWebUnreachableException}, {@link
 * org.medmoe.dicom.web.DicomWebTimeoutException}, {@link
 * org.medmoe.dicom.web.DicomWebRejectedException}.
 */
package org.medmoe.dicom.web;
