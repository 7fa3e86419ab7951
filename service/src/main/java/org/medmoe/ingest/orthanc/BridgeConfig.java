package org.medmoe.ingest.orthanc;

import java.net.URI;
import java.util.Objects;

/**
 * Settings of one Orthanc bridge.
 *
 * @param source name of this source in events, e.g. {@code orthanc:main}
 * @param dicomWebUrl DICOMweb root that consumers fetch from, e.g. {@code http://orthanc:8042/dicom-web}
 * @param batchSize changes read per poll (Orthanc caps it at 1000... per its own limit)
 * @param ownManufacturer Manufacturer of the SR series this service writes; such series are not content
 */
public record BridgeConfig(String source, URI dicomWebUrl, int batchSize, String ownManufacturer) {

    /** Validates. */
    public BridgeConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dicomWebUrl, "dicomWebUrl");
        Objects.requireNonNull(ownManufacturer, "ownManufacturer");
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("batchSize must be 1..1000, was " + batchSize);
        }
    }
}
