package org.medmoe.analysis;

/**
 * One instance chosen for analysis.
 *
 * @param seriesInstanceUid its series
 * @param sopInstanceUid the instance
 * @param modality the series' DICOM modality
 * @param location where to read it: a file path for folder sources, null for DICOMweb
 */
public record ImageRef(String seriesInstanceUid, String sopInstanceUid, String modality, String location) {
}
