package org.medmoe.dicom.web;

import java.util.Objects;

/**
 * One trusted DICOMweb service, configured by name: its root, credentials, TLS and timeouts. Its
 * credentials are sent to nothing but locators under its root.
 *
 * @param name the configured name (in logs and messages)
 * @param config root, authentication, TLS context, timeouts and body caps
 */
public record DicomWebEndpoint(String name, DicomWebConfig config) {

    /** Checks the values. */
    public DicomWebEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
    }
}
